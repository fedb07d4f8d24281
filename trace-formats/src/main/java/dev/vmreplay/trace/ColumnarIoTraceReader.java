package dev.vmreplay.trace;

import java.nio.file.Path;
import java.util.function.Supplier;

/** An IO trace over any {@link ColumnarSource}: manifest resolution and row validation. */
public final class ColumnarIoTraceReader implements IoTraceReader {
    private final ColumnarSource source;
    private final VmManifest manifest;
    private final int batchRows;
    private long lastTimeNanos = Long.MIN_VALUE;
    private long rowsRead;

    public ColumnarIoTraceReader(Supplier<ColumnarSource> opener, ReadOptions options) {
        this.source = opener.get();
        this.batchRows = options.batchRows();
        try {
            this.manifest = ManifestResolver.resolve(source.file(), source.storedManifestJson(), TraceKind.IO, options,
                    () -> extent(source, opener));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static ManifestResolver.DataExtent extent(ColumnarSource source, Supplier<ColumnarSource> opener) {
        if (source.rowCount() == 0) {
            return ManifestResolver.DataExtent.of(0, -1, -1);
        }
        Long maxQueue = source.metadataMax(1);
        if (maxQueue != null) {
            return ManifestResolver.DataExtent.of(0, -1, (int) Math.max(-1, Math.min(Integer.MAX_VALUE - 1, maxQueue)));
        }
        int max = -1;
        try (ColumnarSource scan = opener.get()) {
            IoBatch b = new IoBatch();
            Object[] arrays = TraceSchema.arrays(b);
            int n;
            while ((n = scan.read(arrays, b.capacity())) > 0) {
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, b.queue[i]);
                }
            }
        }
        return ManifestResolver.DataExtent.of(0, -1, Math.min(Integer.MAX_VALUE - 1, max));
    }

    @Override
    public VmManifest manifest() {
        return manifest;
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public Path path() {
        return source.file();
    }

    @Override
    public boolean next(IoBatch batch) {
        batch.clear();
        batch.ensureCapacity(batchRows);
        int n = source.read(TraceSchema.arrays(batch), batchRows);
        if (n == 0) {
            if (rowsRead != source.rowCount()) {
                throw new TraceFormatException(source.file(), -1, rowsRead, null, "read " + rowsRead
                        + " rows but the file records " + source.rowCount() + " (file corrupt)");
            }
            return false;
        }
        batch.size = n;
        lastTimeNanos = IoRowValidator.validate(source.file(), source.lastReadGroup(), source.lastReadFirstRow(), batch,
                manifest, lastTimeNanos);
        rowsRead += n;
        return true;
    }

    @Override
    public void close() {
        source.close();
    }
}
