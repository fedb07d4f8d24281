package dev.vmreplay.trace;

/**
 * Streams a trace to storage in constant memory. Rows must arrive sorted by time; the writer validates
 * them like the reader does. Output goes to a temporary file that {@link #commit()} renames into place;
 * {@link #close()} without commit deletes it, so a failed write leaves nothing behind.
 *
 * @param <B> the kind's batch
 */
public interface TraceWriter<B extends TraceBatch<B>> extends AutoCloseable {
    /** Appends rows {@code [0, batch.size())}. */
    void write(B batch);

    /** Rows written so far. */
    long rowsWritten();

    /** Finishes the file and moves it to its final name. */
    void commit();

    /** Deletes the temporary file unless committed. */
    @Override
    void close();
}
