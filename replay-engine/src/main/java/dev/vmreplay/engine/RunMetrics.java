package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.engine.sriov.IoReplay;

/**
 * What the migration of one run came to, as the {@link MigrationTimeline} reports it (passes, the
 * switch-over's kind, stun, resume, end), and the {@link Metrics} of the run gathered from every part
 * at its end.
 */
final class RunMetrics {
    private int passesDone;
    private boolean converged;
    private boolean aborted;
    private long stunAtNanos = -1;
    private long resumeAtNanos = -1;
    private long migrationEndNanos;
    private Outcome outcome;
    private long outcomeAtNanos;
    private String outcomeReason = "";

    /** A pre-copy pass ended with a sync; returns the passes done, this one included. */
    int passDone() {
        return ++passesDone;
    }

    int passesDone() {
        return passesDone;
    }

    /** How the migration ends, decided at {@code t}, and why (for messages). */
    void decided(Outcome o, long t, String reason) {
        outcome = o;
        outcomeAtNanos = t;
        outcomeReason = reason;
        if (o == Outcome.CONVERGED) {
            converged = true;
        }
        if (!o.migrated()) {
            aborted = o == Outcome.ABORTED;
            migrationEndNanos = t;
        }
    }

    /** The outcome so far, null while undecided. */
    Outcome outcome() {
        return outcome;
    }

    String outcomeReason() {
        return outcomeReason;
    }

    void stunned(long t) {
        stunAtNanos = t;
    }

    void resumed(long t) {
        resumeAtNanos = t;
    }

    long resumeAtNanos() {
        return resumeAtNanos;
    }

    /** The migration is over at {@code t} (resume, or the last post-copy page's arrival). */
    void ended(long t) {
        migrationEndNanos = t;
    }

    long migrationEndNanos() {
        return migrationEndNanos;
    }

    /**
     * The run's metrics (DESIGN.md section 1).
     *
     * @param tracesOrNull the run's write traces, null when it installed none
     * @param coversWindow whether the guest's events reached the end of the run
     */
    Metrics metrics(MigrationConfig cfg, PageTransfer transfer, WriteTraces tracesOrNull, StallClock clock,
                    DestinationModel dest, IoReplay io, GuestEvents events, boolean coversWindow,
                    long downtimeLimitFinalNanos, double throttleMax) {
        if (outcome == null) {
            throw new IllegalStateException("the migration ended without an outcome");
        }
        long start = cfg.run().migrationStartNanos();
        long downtime = !outcome.migrated() || stunAtNanos < 0 ? 0 : resumeAtNanos - stunAtNanos;
        return new Metrics(
                downtime,
                migrationEndNanos - start,
                transfer.bytesSent(),
                passesDone,
                transfer.pagesSent(),
                transfer.zeroPages(),
                transfer.pagesResent(),
                tracesOrNull == null ? 0 : tracesOrNull.installs(),
                tracesOrNull == null ? 0 : tracesOrNull.fires(),
                clock.guestStallVcpuNanos(),
                dest.postResumeFaults(),
                outcome.migrated() ? dest.contiguityLoss() : 0,
                io.ioDowntimeNanos(),
                io.ioP99Nanos(),
                io.ioDelayed(),
                converged,
                aborted,
                events.traceEndNanos(),
                events.traceCopies(),
                coversWindow,
                outcome.label(),
                outcomeAtNanos - start,
                downtimeLimitFinalNanos,
                throttleMax);
    }
}
