package dev.vmreplay.trace;

import java.util.function.Supplier;

/** An IO trace over any {@link ColumnarSource} ({@link ColumnarTraceReader}). */
public final class ColumnarIoTraceReader extends ColumnarTraceReader<IoBatch> implements IoTraceReader {
    public ColumnarIoTraceReader(Supplier<ColumnarSource> opener, ReadOptions options) {
        super(opener, options, TraceKind.IO, ColumnarIoTraceReader::extent);
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
}
