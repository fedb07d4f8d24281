package dev.vmreplay.trace;

/** Streams an IO trace; same commit/close contract as {@link MemoryTraceWriter}. */
public interface IoTraceWriter extends AutoCloseable {
    void write(IoBatch batch);

    long rowsWritten();

    void commit();

    @Override
    void close();
}
