package dev.vmreplay.analysis.plan;

/**
 * When each migration of a fleet runs: {@link WaveSchedule} (waves sharing one link) or
 * {@link EvacuationSchedule} (hosts drained under per-host and cluster limits).
 */
public sealed interface PlanSchedule permits WaveSchedule, EvacuationSchedule {
    /** When the last migration ends, from the start of the window. */
    long makespanNanos();

    /** Migrations (each VM a row stands for counted) that end within the window. */
    int finishedWithin(long windowNanos);
}
