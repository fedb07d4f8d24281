package dev.vmreplay.engine.sriov;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;

/** An IO trace held in memory, served in small batches so batch boundaries get exercised. */
final class InMemoryIoTrace implements IoTraceReader {
    private final IoBatch rows;
    private final VmManifest manifest;
    private final int batchRows;
    private int position;

    InMemoryIoTrace(IoBatch rows, VmManifest manifest, int batchRows) {
        this.rows = rows;
        this.manifest = manifest;
        this.batchRows = batchRows;
    }

    static VmManifest manifest(int queues, int depth) {
        return new VmManifest(1L << 20, 1, java.util.List.of(), java.util.List.of(), queues, depth, java.util.Map.of(), false);
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
        for (int i = position; i < position + n; i++) {
            batch.add(rows.timeNanos[i], rows.queue[i], rows.requestId[i], rows.op[i], rows.offsetBytes[i],
                    rows.lengthBytes[i], rows.serviceNanos[i]);
        }
        position += n;
        return true;
    }

    @Override
    public void close() {
    }
}
