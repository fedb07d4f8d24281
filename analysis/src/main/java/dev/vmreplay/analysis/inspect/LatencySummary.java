package dev.vmreplay.analysis.inspect;

/**
 * Distribution of IO service times. Min, max and mean are exact; percentiles come from an
 * HdrHistogram with 3 significant digits (within 0.1% of the true value; exact below 2048 ns).
 *
 * @param requests requests summarised, >= 0; 0 = empty, other fields 0
 */
public record LatencySummary(long requests, long minNanos, double meanNanos, long p50Nanos, long p90Nanos,
                             long p99Nanos, long p999Nanos, long maxNanos) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);

    public boolean isEmpty() {
        return requests == 0;
    }
}
