package dev.vmreplay.analysis.inspect;

/**
 * Which window of length {@code windowNanos}, aligned at the first event, the trace is in. Checking an
 * event costs one comparison; division happens only when a window closes.
 */
final class WindowClock {
    private final long windowNanos;
    private long index;
    private long endNanos;

    WindowClock(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Opens window 0 at the first event's time. */
    void start(long firstNanos) {
        index = 0;
        endNanos = saturatedAdd(firstNanos, windowNanos);
    }

    /** Exclusive end of the open window: an event at or after it closes the window. */
    long endNanos() {
        return endNanos;
    }

    long index() {
        return index;
    }

    /**
     * Moves to the window holding {@code tNanos} (which must be >= {@link #endNanos()}).
     *
     * @return how many windows were passed: the open one plus the empty ones skipped, >= 1
     */
    long advanceTo(long tNanos) {
        long passed = (tNanos - endNanos) / windowNanos + 1;
        index += passed;
        endNanos = saturatedAdd(endNanos, passed * windowNanos);
        return passed;
    }

    /** True when a trace whose last event is at {@code lastNanos} covers the open window to its end. */
    boolean openWindowCompleteAt(long lastNanos) {
        return endNanos - 1 <= lastNanos;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }
}
