package dev.vmreplay.datasets.importer;

/**
 * Pulls the requests of one IO input in submit order. After {@link #next()} returns true the public
 * fields describe the current request. Several readers are merged by time in {@link IoImport}.
 */
abstract class IoRequestReader implements AutoCloseable {
    long timeNanos;
    int queue;
    byte op;
    long offsetBytes;
    int lengthBytes;
    long serviceNanos;

    /** Advances to the next request; false at the end of the input. */
    abstract boolean next();

    @Override
    public abstract void close();
}
