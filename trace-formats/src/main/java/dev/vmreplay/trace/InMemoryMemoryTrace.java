package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * A memory trace held in one {@link MemoryBatch}, served in batches of a chosen size: for tests,
 * generators and benchmarks that must not touch the disk. Rows are validated as a file reader would.
 */
public final class InMemoryMemoryTrace implements MemoryTraceReader {
    private final MemoryBatch rows;
    private final VmManifest manifest;
    private final int batchRows;
    private int position;
    private long lastTimeNanos = Long.MIN_VALUE;

    public InMemoryMemoryTrace(MemoryBatch rows, VmManifest manifest, int batchRows) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be > 0, was " + batchRows);
        }
        this.rows = rows;
        this.manifest = manifest;
        this.batchRows = batchRows;
    }

    public InMemoryMemoryTrace(MemoryBatch rows, VmManifest manifest) {
        this(rows, manifest, MemoryBatch.DEFAULT_CAPACITY);
    }

    /** A fresh reader over the same rows, from the start. */
    public InMemoryMemoryTrace reopen() {
        return new InMemoryMemoryTrace(rows, manifest, batchRows);
    }

    @Override
    public VmManifest manifest() {
        return manifest;
    }

    @Override
    public long rowCount() {
        return rows.size;
    }

    @Override
    public Path path() {
        return null;
    }

    @Override
    public boolean next(MemoryBatch batch) {
        batch.clear();
        int n = Math.min(batchRows, rows.size - position);
        if (n <= 0) {
            return false;
        }
        batch.ensureCapacity(n);
        System.arraycopy(rows.timeNanos, position, batch.timeNanos, 0, n);
        System.arraycopy(rows.vcpu, position, batch.vcpu, 0, n);
        System.arraycopy(rows.gpa, position, batch.gpa, 0, n);
        System.arraycopy(rows.lengthBytes, position, batch.lengthBytes, 0, n);
        System.arraycopy(rows.op, position, batch.op, 0, n);
        batch.size = n;
        lastTimeNanos = MemoryRowValidator.validate(null, -1, position, batch, manifest, lastTimeNanos);
        position += n;
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
