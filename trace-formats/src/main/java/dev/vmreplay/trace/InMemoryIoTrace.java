package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * An IO trace held in one {@link IoBatch}, served in batches of a chosen size (small ones exercise
 * batch boundaries): for tests, generators and benchmarks that must not touch the disk. Rows are
 * validated as a file reader would.
 */
public final class InMemoryIoTrace implements IoTraceReader {
    private final IoBatch rows;
    private final VmManifest manifest;
    private final int batchRows;
    private int position;
    private long lastTimeNanos = Long.MIN_VALUE;

    public InMemoryIoTrace(IoBatch rows, VmManifest manifest, int batchRows) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be > 0, was " + batchRows);
        }
        this.rows = rows;
        this.manifest = manifest;
        this.batchRows = batchRows;
    }

    public InMemoryIoTrace(IoBatch rows, VmManifest manifest) {
        this(rows, manifest, IoBatch.DEFAULT_CAPACITY);
    }

    /** A fresh reader over the same rows, from the start. */
    public InMemoryIoTrace reopen() {
        return new InMemoryIoTrace(rows, manifest, batchRows);
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
    public boolean next(IoBatch batch) {
        batch.clear();
        int n = Math.min(batchRows, rows.size - position);
        if (n <= 0) {
            return false;
        }
        batch.ensureCapacity(n);
        System.arraycopy(rows.timeNanos, position, batch.timeNanos, 0, n);
        System.arraycopy(rows.queue, position, batch.queue, 0, n);
        System.arraycopy(rows.requestId, position, batch.requestId, 0, n);
        System.arraycopy(rows.op, position, batch.op, 0, n);
        System.arraycopy(rows.offsetBytes, position, batch.offsetBytes, 0, n);
        System.arraycopy(rows.lengthBytes, position, batch.lengthBytes, 0, n);
        System.arraycopy(rows.serviceNanos, position, batch.serviceNanos, 0, n);
        batch.size = n;
        lastTimeNanos = IoRowValidator.validate(null, -1, position, batch, manifest, lastTimeNanos);
        position += n;
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
