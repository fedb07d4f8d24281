package dev.vmreplay.engine.technique;

/**
 * Auto-converge / SDPS: each stuck sync raises the share of time the vCPUs sleep (QEMU 7.x
 * cpu-throttle-initial, then +cpu-throttle-increment up to max-cpu-throttle). Once at the maximum a
 * further stuck sync switches over anyway (not converged).
 */
public final class ThrottleGuest implements StuckPolicy {
    /** QEMU CPU_THROTTLE_TIMESLICE_NS: a throttled vCPU runs this long between sleeps. */
    public static final long TIMESLICE_NANOS = 10_000_000L;

    private final double initial;
    private final double step;
    private final double max;
    private double share;

    public ThrottleGuest(double initial, double step, double max) {
        this.initial = initial;
        this.step = step;
        this.max = max;
    }

    @Override
    public Action onStuck(SyncPoint point) {
        if (share >= max) {
            return Action.SWITCH_OVER;
        }
        double next = share == 0 ? Math.min(initial, max) : Math.min(max, share + step);
        if (next <= share) {
            return Action.SWITCH_OVER; // no step left to take
        }
        share = next;
        return Action.THROTTLE;
    }

    @Override
    public double throttleShare() {
        return share;
    }

    /**
     * Sleep per timeslice at {@code share}: QEMU softmmu/cpu-throttle.c cpu_throttle_thread,
     * {@code (int64_t)(pct / (1 - pct) x CPU_THROTTLE_TIMESLICE_NS + 1)}, the 1 ns against rounding.
     */
    public static long sleepNanos(double share) {
        if (share <= 0) {
            return 0;
        }
        return (long) (share / (1 - share) * TIMESLICE_NANOS + 1);
    }
}
