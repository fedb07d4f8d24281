package dev.vmreplay.trace;

/** An IO trace held in one {@link IoBatch} ({@link InMemoryTrace}). */
public final class InMemoryIoTrace extends InMemoryTrace<IoBatch> implements IoTraceReader {
    public InMemoryIoTrace(IoBatch rows, VmManifest manifest, int batchRows) {
        super(rows, manifest, batchRows);
    }

    public InMemoryIoTrace(IoBatch rows, VmManifest manifest) {
        this(rows, manifest, IoBatch.DEFAULT_CAPACITY);
    }

    /** A fresh reader over the same rows, from the start. */
    public InMemoryIoTrace reopen() {
        return new InMemoryIoTrace(rows, manifest, batchRows);
    }
}
