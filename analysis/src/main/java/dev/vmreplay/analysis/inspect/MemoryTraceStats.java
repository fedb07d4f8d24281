package dev.vmreplay.analysis.inspect;

import dev.vmreplay.trace.VmManifest;

/**
 * What {@code vmreplay inspect} reports about a memory access trace. "Writes" are rows with op 0
 * (write) or 1 (write of zeros): both dirty the pages they touch.
 *
 * @param rows all rows
 * @param writeRows rows with op 0 (write of data)
 * @param zeroWriteRows rows with op 1 (write of zeros)
 * @param readRows rows with op 2 (read)
 * @param bytesWritten sum of {@code len} over op 0 and op 1 rows
 * @param zeroBytesWritten sum of {@code len} over op 1 rows
 * @param bytesRead sum of {@code len} over op 2 rows
 * @param firstNanos t_ns of the first row, -1 when there are no rows
 * @param lastNanos t_ns of the last row, -1 when there are no rows
 * @param vcpusSeen distinct vCPUs that appear in any row
 * @param distinctPagesWritten distinct 4 KiB pages touched by at least one write
 * @param writesPerSecond write rows per 1 s window
 * @param bytesWrittenPerSecond bytes written per 1 s window
 * @param workingSet1s distinct pages written per 1 s window (writable working set)
 * @param workingSet10s distinct pages written per 10 s window
 * @param manifest the trace's manifest, or the reader's assumed one ({@link VmManifest#assumed()})
 */
public record MemoryTraceStats(
        long rows,
        long writeRows,
        long zeroWriteRows,
        long readRows,
        long bytesWritten,
        long zeroBytesWritten,
        long bytesRead,
        long firstNanos,
        long lastNanos,
        int vcpusSeen,
        long distinctPagesWritten,
        SeriesSummary writesPerSecond,
        SeriesSummary bytesWrittenPerSecond,
        SeriesSummary workingSet1s,
        SeriesSummary workingSet10s,
        VmManifest manifest) {

    /** Rows with op 0 or 1. */
    public long allWriteRows() {
        return writeRows + zeroWriteRows;
    }

    /** Last minus first t_ns; 0 for zero or one row. */
    public long spanNanos() {
        return rows == 0 ? 0 : lastNanos - firstNanos;
    }

    /** Share of guest memory written at least once, 0..1. */
    public double shareOfMemoryWritten() {
        return (double) distinctPagesWritten / manifest.smallPages();
    }
}
