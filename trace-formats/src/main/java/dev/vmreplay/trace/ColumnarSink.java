package dev.vmreplay.trace;

/** Stores trace columns ({@link TraceSchema} order); implemented per storage format. */
public interface ColumnarSink extends AutoCloseable {
    /** Appends rows {@code [0, size)} of the column arrays. */
    void write(Object[] arrays, int size);

    long rowsWritten();

    /** Finishes the file and renames it into place. */
    void commit();

    /** Deletes the temporary file unless committed. */
    @Override
    void close();
}
