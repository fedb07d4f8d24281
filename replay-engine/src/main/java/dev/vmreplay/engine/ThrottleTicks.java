package dev.vmreplay.engine;

import dev.vmreplay.engine.technique.StuckPolicy;
import dev.vmreplay.engine.technique.ThrottleGuest;

/**
 * A throttled guest's timeslices (QEMU cpu_throttle_thread, vMotion SDPS): once the stuck policy
 * throttles, every vCPU sleeps {@link ThrottleGuest#sleepNanos} of the policy's current share, then runs
 * {@link ThrottleGuest#TIMESLICE_NANOS}, until the guest stops.
 */
final class ThrottleTicks {
    static final long NEVER = Long.MAX_VALUE;

    private final StuckPolicy policy;
    private final StallClock clock;
    private long nextTickNanos = NEVER;

    ThrottleTicks(StuckPolicy policy, StallClock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** When the next sleep starts, or {@link #NEVER}. */
    long nextTickNanos() {
        return nextTickNanos;
    }

    /** The stuck policy just throttled at {@code t}: the first sleep starts then, unless sleeps already run. */
    void start(long t) {
        if (nextTickNanos == NEVER) {
            nextTickNanos = t;
        }
    }

    /** The guest stopped: no more sleeps. */
    void stop() {
        nextTickNanos = NEVER;
    }

    /** The sleep due now: every vCPU sleeps at the current share. */
    void tick() {
        clock.advance(nextTickNanos);
        long sleep = ThrottleGuest.sleepNanos(policy.throttleShare());
        clock.stallAll(sleep);
        nextTickNanos += sleep + ThrottleGuest.TIMESLICE_NANOS;
    }
}
