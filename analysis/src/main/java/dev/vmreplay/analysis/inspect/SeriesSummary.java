package dev.vmreplay.analysis.inspect;

/**
 * Summary of one value per time window (for example pages written per 1 s window).
 *
 * @param windowNanos window length, ns
 * @param windows number of complete windows summarised, >= 0; when 0 the other fields are 0 and
 *     mean nothing ({@link #isEmpty()})
 * @param min smallest window value
 * @param median median window value (mean of the two middle values when {@code windows} is even)
 * @param mean mean window value
 * @param max largest window value
 */
public record SeriesSummary(long windowNanos, long windows, long min, double median, double mean, long max) {
    public SeriesSummary {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos must be > 0, was " + windowNanos);
        }
        if (windows < 0) {
            throw new IllegalArgumentException("windows must be >= 0, was " + windows);
        }
    }

    public static SeriesSummary empty(long windowNanos) {
        return new SeriesSummary(windowNanos, 0, 0, 0, 0, 0);
    }

    /** True when no window was complete (the trace is shorter than one window). */
    public boolean isEmpty() {
        return windows == 0;
    }
}
