package dev.vmreplay.engine;

import dev.vmreplay.engine.technique.AutoConverge;
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
    /** QEMU auto-converge when on, else null. */
    private final AutoConverge autoConverge;
    private final StallClock clock;
    private long nextTickNanos = NEVER;

    ThrottleTicks(StuckPolicy policy, AutoConverge autoConvergeOrNull, StallClock clock) {
        this.policy = policy;
        this.autoConverge = autoConvergeOrNull;
        this.clock = clock;
    }

    /** The throttle now, 0..1: the stuck policy's or auto-converge's, whichever is higher. */
    double share() {
        return Math.max(policy.throttleShare(), autoConverge == null ? 0 : autoConverge.share());
    }

    /** The highest throttle of the run, 0..1. */
    double highestShare() {
        // the stuck policy's share only rises
        return Math.max(policy.throttleShare(), autoConverge == null ? 0 : autoConverge.highestShare());
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
        long sleep = ThrottleGuest.sleepNanos(share());
        clock.stallAll(sleep);
        nextTickNanos += sleep + ThrottleGuest.TIMESLICE_NANOS;
    }
}
