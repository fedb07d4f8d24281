package dev.vmreplay.trace;

import java.util.function.Supplier;

/** A memory trace over any {@link ColumnarSource} ({@link ColumnarTraceReader}). */
public final class ColumnarMemoryTraceReader extends ColumnarTraceReader<MemoryBatch> implements MemoryTraceReader {
    /**
     * @param opener opens the file; called once for reading and, when the file holds no manifest
     *     and no metadata bounds, once more to scan for the highest address and vCPU
     */
    public ColumnarMemoryTraceReader(Supplier<ColumnarSource> opener, ReadOptions options) {
        super(opener, options, TraceKind.MEMORY, ColumnarMemoryTraceReader::extent);
    }

    /**
     * From footer statistics when they pin the answer, else one scan. The highest {@code gpa + len}
     * lies between {@code max(gpa) + min(len)} and {@code max(gpa) + max(len)}; when both round up
     * to the same 4 KiB page (the usual case: page-aligned addresses, lengths up to a page) the
     * statistics give the exact assumed memory size.
     */
    private static ManifestResolver.DataExtent extent(ColumnarSource source, Supplier<ColumnarSource> opener) {
        if (source.rowCount() == 0) {
            return ManifestResolver.DataExtent.of(0, -1, -1);
        }
        Long maxVcpu = source.metadataMax(1);
        Long maxGpa = source.metadataMax(2);
        Long maxLen = source.metadataMax(3);
        Long minLen = source.metadataMin(3);
        if (maxGpa != null && maxLen != null && minLen != null && maxVcpu != null) {
            long high = saturatingAdd(maxGpa, Math.max(0, maxLen));
            long low = saturatingAdd(maxGpa, Math.max(0, minLen));
            if (pageOf(high) == pageOf(low)) {
                return ManifestResolver.DataExtent.of(high, (int) Math.max(-1, Math.min(Integer.MAX_VALUE - 1, maxVcpu)), -1);
            }
        }
        long end = 0;
        int vcpu = -1;
        try (ColumnarSource scan = opener.get()) {
            MemoryBatch b = new MemoryBatch();
            Object[] arrays = TraceSchema.arrays(b);
            int n;
            while ((n = scan.read(arrays, b.capacity())) > 0) {
                for (int i = 0; i < n; i++) {
                    end = Math.max(end, saturatingAdd(b.gpa[i], b.lengthBytes[i]));
                    vcpu = Math.max(vcpu, b.vcpu[i]);
                }
            }
        }
        return ManifestResolver.DataExtent.of(end, Math.min(Integer.MAX_VALUE - 1, vcpu), -1);
    }

    private static long pageOf(long endBytes) {
        return (endBytes - 1) / VmManifest.SMALL_PAGE_BYTES;
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** Row groups (Parquet) or record batches (Arrow IPC) in the file. */
    public int groupCount() {
        return source.groupCount();
    }
}
