package dev.vmreplay.trace;

/** A memory trace held in one {@link MemoryBatch} ({@link InMemoryTrace}). */
public final class InMemoryMemoryTrace extends InMemoryTrace<MemoryBatch> implements MemoryTraceReader {
    public InMemoryMemoryTrace(MemoryBatch rows, VmManifest manifest, int batchRows) {
        super(rows, manifest, batchRows);
    }

    public InMemoryMemoryTrace(MemoryBatch rows, VmManifest manifest) {
        this(rows, manifest, MemoryBatch.DEFAULT_CAPACITY);
    }

    /** A fresh reader over the same rows, from the start. */
    public InMemoryMemoryTrace reopen() {
        return new InMemoryMemoryTrace(rows, manifest, batchRows);
    }
}
