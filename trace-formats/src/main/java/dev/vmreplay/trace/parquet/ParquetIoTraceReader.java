package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoRowValidator;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.ManifestResolver;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;

/** An IO trace in Parquet, streamed batch by batch and validated row by row. */
public final class ParquetIoTraceReader implements IoTraceReader {
    private final ParquetColumnarReader columns;
    private final VmManifest manifest;
    private final int batchRows;
    private long lastTimeNanos = Long.MIN_VALUE;

    public ParquetIoTraceReader(Path file, ReadOptions options) {
        this.columns = new ParquetColumnarReader(file, TraceKind.IO);
        this.batchRows = options.batchRows();
        try {
            this.manifest = ManifestResolver.resolve(file, columns.storedManifestJson(), TraceKind.IO, options,
                    () -> extent(file, columns));
        } catch (RuntimeException e) {
            columns.close();
            throw e;
        }
    }

    private static ManifestResolver.DataExtent extent(Path file, ParquetColumnarReader columns) {
        Long maxQueue = columns.rowCount() == 0 ? Long.valueOf(-1) : columns.statisticsMax(1);
        if (maxQueue == null) {
            long max = -1;
            try (ParquetColumnarReader scan = new ParquetColumnarReader(file, TraceKind.IO)) {
                IoBatch b = new IoBatch();
                Object[] arrays = TraceSchema.arrays(b);
                int n;
                while ((n = scan.read(arrays, b.capacity())) > 0) {
                    for (int i = 0; i < n; i++) {
                        max = Math.max(max, b.queue[i]);
                    }
                }
            }
            maxQueue = max;
        }
        int q = (int) Math.min(Integer.MAX_VALUE - 1, maxQueue);
        return new ManifestResolver.DataExtent() {
            @Override
            public long memoryEndBytes() {
                return 0;
            }

            @Override
            public int maxVcpu() {
                return -1;
            }

            @Override
            public int maxQueue() {
                return q;
            }
        };
    }

    @Override
    public VmManifest manifest() {
        return manifest;
    }

    @Override
    public long rowCount() {
        return columns.rowCount();
    }

    @Override
    public Path path() {
        return columns.file();
    }

    @Override
    public boolean next(IoBatch batch) {
        batch.clear();
        batch.ensureCapacity(batchRows);
        int n = columns.read(TraceSchema.arrays(batch), batchRows);
        if (n == 0) {
            return false;
        }
        batch.size = n;
        lastTimeNanos = IoRowValidator.validate(columns.file(), columns.lastReadRowGroup(), columns.lastReadFirstRow(),
                batch, manifest, lastTimeNanos);
        return true;
    }

    @Override
    public void close() {
        columns.close();
    }
}
