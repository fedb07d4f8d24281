package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * A trace held in one batch, served in batches of a chosen size (small ones exercise batch boundaries):
 * for tests, generators and benchmarks that must not touch the disk. Rows are validated as a file
 * reader would. {@link InMemoryMemoryTrace} and {@link InMemoryIoTrace} are the two kinds.
 *
 * @param <B> the kind's batch
 */
abstract class InMemoryTrace<B extends TraceBatch<B>> implements TraceReader<B> {
    final B rows;
    final VmManifest manifest;
    final int batchRows;
    private int position;
    private long lastTimeNanos = Long.MIN_VALUE;

    InMemoryTrace(B rows, VmManifest manifest, int batchRows) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be > 0, was " + batchRows);
        }
        this.rows = rows;
        this.manifest = manifest;
        this.batchRows = batchRows;
    }

    @Override
    public VmManifest manifest() {
        return manifest;
    }

    @Override
    public long rowCount() {
        return rows.size();
    }

    @Override
    public Path path() {
        return null;
    }

    @Override
    public boolean next(B batch) {
        int n = Math.min(batchRows, rows.size() - position);
        if (n <= 0) {
            batch.clear();
            return false;
        }
        batch.copyRows(rows, position, n);
        lastTimeNanos = batch.validate(null, -1, position, manifest, lastTimeNanos);
        position += n;
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
