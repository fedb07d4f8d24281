package dev.vmreplay.analysis.inspect;

import java.util.Arrays;

/**
 * Collects one long per window and gives exact min, median, mean and max. Runs of empty windows cost
 * one counter, not one slot, so a trace with long idle gaps stays small; memory is one long per
 * non-zero window.
 */
final class WindowSeries {
    private final long windowNanos;
    private long[] nonZero = new long[64];
    private int nonZeroCount;
    private long zeroWindows;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    WindowSeries(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    void add(long value) {
        if (value == 0) {
            addZeros(1);
            return;
        }
        if (nonZeroCount == nonZero.length) {
            nonZero = Arrays.copyOf(nonZero, nonZero.length * 2);
        }
        nonZero[nonZeroCount++] = value;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    void addZeros(long windows) {
        if (windows <= 0) {
            return;
        }
        zeroWindows += windows;
        min = Math.min(min, 0);
        max = Math.max(max, 0);
    }

    long windows() {
        return zeroWindows + nonZeroCount;
    }

    SeriesSummary summary() {
        long n = windows();
        if (n == 0) {
            return SeriesSummary.empty(windowNanos);
        }
        long[] sorted = Arrays.copyOf(nonZero, nonZeroCount);
        Arrays.sort(sorted);
        double median = (valueAtRank(sorted, (n - 1) / 2) + (double) valueAtRank(sorted, n / 2)) / 2.0;
        return new SeriesSummary(windowNanos, n, min, median, (double) sum / n, max);
    }

    /** The value of rank {@code r} (0-based) in the ascending order: the zero windows come first. */
    private long valueAtRank(long[] sortedNonZero, long r) {
        return r < zeroWindows ? 0 : sortedNonZero[(int) (r - zeroWindows)];
    }
}
