package dev.vmreplay.analysis.inspect;

import dev.vmreplay.trace.VmManifest;
import java.util.List;

/**
 * What {@code vmreplay inspect} reports about an IO trace.
 *
 * @param rows all requests
 * @param readRows requests with op 0
 * @param writeRows requests with op 1
 * @param flushRows requests with op 2
 * @param bytesRead sum of {@code len} over reads
 * @param bytesWritten sum of {@code len} over writes
 * @param firstNanos submit time of the first request, -1 when there are none
 * @param lastNanos submit time of the last request, -1 when there are none
 * @param queuesSeen distinct queues that appear in any row
 * @param highestOffsetEndBytes largest {@code offset + len}: how far into the device the trace reaches
 * @param requestsPerSecond requests submitted per 1 s window
 * @param sizeClasses non-empty request size classes, by increasing size
 * @param serviceAll service time of every request
 * @param serviceRead service time of reads
 * @param serviceWrite service time of writes
 * @param serviceFlush service time of flushes
 * @param manifest the trace's manifest, or the reader's assumed one
 */
public record IoTraceStats(
        long rows,
        long readRows,
        long writeRows,
        long flushRows,
        long bytesRead,
        long bytesWritten,
        long firstNanos,
        long lastNanos,
        int queuesSeen,
        long highestOffsetEndBytes,
        SeriesSummary requestsPerSecond,
        List<SizeClass> sizeClasses,
        LatencySummary serviceAll,
        LatencySummary serviceRead,
        LatencySummary serviceWrite,
        LatencySummary serviceFlush,
        VmManifest manifest) {

    public IoTraceStats {
        sizeClasses = List.copyOf(sizeClasses);
    }

    /** Last minus first submit time; 0 for zero or one request. */
    public long spanNanos() {
        return rows == 0 ? 0 : lastNanos - firstNanos;
    }
}
