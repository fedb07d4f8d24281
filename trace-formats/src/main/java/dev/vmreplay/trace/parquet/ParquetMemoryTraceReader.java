package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.ManifestResolver;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryRowValidator;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;

/** A memory trace in Parquet, streamed batch by batch and validated row by row. */
public final class ParquetMemoryTraceReader implements MemoryTraceReader {
    private final ParquetColumnarReader columns;
    private final VmManifest manifest;
    private final int batchRows;
    private long lastTimeNanos = Long.MIN_VALUE;

    public ParquetMemoryTraceReader(Path file, ReadOptions options) {
        this.columns = new ParquetColumnarReader(file, TraceKind.MEMORY);
        this.batchRows = options.batchRows();
        try {
            this.manifest = ManifestResolver.resolve(file, columns.storedManifestJson(), TraceKind.MEMORY, options,
                    () -> extent(file, columns));
        } catch (RuntimeException e) {
            columns.close();
            throw e;
        }
    }

    /** Upper bounds from the footer statistics when every row group has them, else one scan. */
    private static ManifestResolver.DataExtent extent(Path file, ParquetColumnarReader columns) {
        Long maxGpa = columns.statisticsMax(2);
        Long maxLen = columns.statisticsMax(3);
        Long maxVcpu = columns.statisticsMax(1);
        if (columns.rowCount() == 0) {
            return extent(0, -1);
        }
        if (maxGpa != null && maxLen != null && maxVcpu != null) {
            return extent(maxGpa + Math.max(0, maxLen), (int) Math.min(Integer.MAX_VALUE - 1, maxVcpu));
        }
        long end = 0;
        int vcpu = -1;
        try (ParquetColumnarReader scan = new ParquetColumnarReader(file, TraceKind.MEMORY)) {
            MemoryBatch b = new MemoryBatch();
            Object[] arrays = TraceSchema.arrays(b);
            int n;
            while ((n = scan.read(arrays, b.capacity())) > 0) {
                for (int i = 0; i < n; i++) {
                    end = Math.max(end, b.gpa[i] + b.lengthBytes[i]);
                    vcpu = Math.max(vcpu, b.vcpu[i]);
                }
            }
        }
        return extent(end, vcpu);
    }

    private static ManifestResolver.DataExtent extent(long end, int vcpu) {
        return new ManifestResolver.DataExtent() {
            @Override
            public long memoryEndBytes() {
                return end;
            }

            @Override
            public int maxVcpu() {
                return vcpu;
            }

            @Override
            public int maxQueue() {
                return -1;
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

    /** Number of row groups in the file. */
    public int rowGroupCount() {
        return columns.rowGroupCount();
    }

    @Override
    public boolean next(MemoryBatch batch) {
        batch.clear();
        batch.ensureCapacity(batchRows);
        int n = columns.read(TraceSchema.arrays(batch), batchRows);
        if (n == 0) {
            return false;
        }
        batch.size = n;
        lastTimeNanos = MemoryRowValidator.validate(columns.file(), columns.lastReadRowGroup(), columns.lastReadFirstRow(),
                batch, manifest, lastTimeNanos);
        return true;
    }

    @Override
    public void close() {
        columns.close();
    }
}
