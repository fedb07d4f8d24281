package dev.vmreplay.engine.sriov;

/**
 * Replays an IO trace through an SR-IOV virtual function during a migration (DESIGN.md section 3,
 * seed 3). Requests enter per-queue rings at their trace time (those whose trace time falls in the
 * stun enter at resume: the guest is stopped), are fed to the VF up to the queue depth and complete
 * after their service time. Per-vCPU stalls before the stun do not shift IO submissions. The
 * engine drives it in time order through the calls below; the implementation picks the handover
 * (drain-during-stun or quiesce-before-stun) from configuration.
 */
public interface IoReplay extends AutoCloseable {

    /**
     * The migration starts at {@code startNanos}: requests whose trace time is at or after it, and at or
     * before resume, make up the latency percentiles. When never called, the window opens at the trace start.
     */
    default void migrationStarted(long startNanos) {
    }

    /** Processes every IO event (submit, feed, completion) up to and including {@code nowNanos}. */
    void advanceTo(long nowNanos);

    /**
     * Pre-copy is about to switch over at about {@code nowNanos}; the guest still runs. The
     * quiesce-before-stun handover stops feeding the VF here and waits for the VF to drain. Call it
     * once, for the stun it announces.
     *
     * @return the time at which the engine may stun (>= nowNanos); equal to nowNanos when the
     *     handover does nothing before the stun
     */
    long prepareSwitchOver(long nowNanos);

    /**
     * The guest is stunned at {@code stunNanos}.
     *
     * @return the time at which the VF state has moved and the stun may proceed (>= stunNanos); the
     *     difference is the IO part of downtime
     */
    long stun(long stunNanos);

    /** The guest resumes at the destination at {@code resumeNanos}; queued requests are fed again. */
    void resume(long resumeNanos);

    /** Plays the rest of the trace out and checks every request completed exactly once, in order per queue. */
    void finish();

    /** IO part of downtime, ns. */
    long ioDowntimeNanos();

    /** 99th percentile of request latency (submit to response) for requests submitted during migration, ns. */
    long ioP99Nanos();

    /** Requests whose latency grew because of the migration (waited in a ring while the VF was not fed). */
    long ioDelayed();

    /** Releases the trace readers this replay opened; the engine calls it once the run is over (or failed). */
    @Override
    default void close() {
    }
}
