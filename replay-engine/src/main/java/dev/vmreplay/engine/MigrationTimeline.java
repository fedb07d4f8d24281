package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.TraceInstall;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.engine.technique.DowntimeLimit;
import dev.vmreplay.engine.technique.SyncPoint;

/**
 * The migration of one run as a state machine on the replay's clock (DESIGN.md section 3). The guest's
 * events drive it forward ({@link #advanceTo}); between them it does what is due: pre-copy sends, syncs,
 * throttle sleeps, the switch-over, the stun, the resume and post-copy's pushes.
 *
 * <pre>
 * phase      trigger                                                   next
 * ---------  --------------------------------------------------------  -------------------------------------------
 * WAITING    clock reaches migration.start, mode precopy               PRECOPY: every page to send, traces armed
 *            (or postcopy with postcopy.precopy-passes = 1)
 * WAITING    migration.start, mode stop-and-copy                       stun, then RESUMED
 * WAITING    migration.start, mode postcopy with 0 pre-copy passes     RESUMED, post-copy (missing pages pushed)
 * PRECOPY    sender free: a throttle sleep is due                      PRECOPY (every vCPU sleeps)
 * PRECOPY    sender free: the sync rule (precopy.sync) takes the       sync: the switch-over rules decide, below
 *            dirty set
 * PRECOPY    sync, mode postcopy, the pre-copy passes done             RESUMED, post-copy
 * PRECOPY    sync, a rule says SWITCH (converged)                      switch-over: PREPARING, or the stun at once
 * PRECOPY    sync, a rule says STUCK, precopy.on-stuck = force         switch-over (outcome forced)
 * PRECOPY    sync, STUCK, on-stuck = throttle (steps left)             PRECOPY, the throttle share rises
 * PRECOPY    sync, STUCK, on-stuck = abort                             ENDED: aborted, the guest stays on the source
 * PRECOPY    sync, otherwise (auto-converge may throttle first)        PRECOPY: a new pass, traces re-armed
 * PRECOPY    orchestrator poll: downtime step                          PRECOPY with the new limit
 * PRECOPY    orchestrator poll: completion timeout, action pause       stun at the pre-copy rate (outcome paused)
 * PRECOPY    orchestrator poll: completion timeout, action postcopy    RESUMED, post-copy (postcopy-fallback)
 * PRECOPY    orchestrator poll: no progress, or completion + abort     ENDED: aborted
 * PRECOPY    migration.timeout after the start (the replay's bound)    ENDED: timed-out
 * PREPARING  the VF handover before the stun is done (sriov.handover)  stun, then RESUMED
 * RESUMED    post-copy: every missing page pushed                      RESUMED, migration over
 * </pre>
 *
 * The stun stops the guest (tracing ends, the VF is drained or handed over), sends what is left at
 * full link speed and the device state, lets the destination do its stun work, checks integrity and
 * resumes the guest at the destination. The run ends at the end of the post-resume window
 * ({@code post-resume.window}) after resume, or when the migration ENDED without moving the guest. Every
 * way out records its {@link Outcome}.
 */
final class MigrationTimeline {
    enum Phase { WAITING, PRECOPY, PREPARING, RESUMED, ENDED }

    static final long NEVER = Long.MAX_VALUE;

    private final MigrationConfig cfg;
    private final long memoryBytes;
    private final StallClock clock;
    private final SourcePages source;
    private final PageTransfer transfer;
    private final Sender sender;
    private final Link link;
    private final DestinationModel dest;
    private final IoReplay io;
    private final PassLog passes;
    private final RunMetrics metrics;
    private final Convergence convergence;
    private final TraceInstall install;
    private final ThrottleTicks throttle;
    private final PrecopySender precopy;
    private final Stun stun;
    private final DowntimeLimit downtimeLimit;
    private final Orchestrator orchestrator;
    /** {@code migration.start + migration.timeout}: the replay's bound on pre-copy. */
    private final long boundNanos;

    private Phase phase = Phase.WAITING;
    private long nextStepNanos;
    private PostcopyPages postcopy;
    /** End of the post-resume window, {@link #NEVER} before resume. */
    private long postResumeWindowEndNanos = NEVER;

    MigrationTimeline(MigrationConfig cfg, long memoryBytes, StallClock clock, SourcePages source, PageTransfer transfer,
                      Link link, DestinationModel dest, IoReplay io, PassLog passes, RunMetrics metrics) {
        this.cfg = cfg;
        this.memoryBytes = memoryBytes;
        this.clock = clock;
        this.source = source;
        this.transfer = transfer;
        this.sender = transfer.sender();
        this.link = link;
        this.dest = dest;
        this.io = io;
        this.passes = passes;
        this.metrics = metrics;
        long start = cfg.run().migrationStartNanos();
        this.downtimeLimit = new DowntimeLimit(cfg.precopy().downtimeTargetNanos());
        this.install = TraceInstall.forConfig(cfg, clock.vcpus());
        this.convergence = new Convergence(cfg, memoryBytes, downtimeLimit, clock, passes, transfer);
        this.throttle = convergence.throttle();
        this.orchestrator = new Orchestrator(cfg.orchestration(), memoryBytes, cfg.precopy().downtimeTargetNanos(),
                downtimeLimit, start);
        this.precopy = new PrecopySender(cfg, source, transfer, link, clock, throttle, downtimeLimit);
        this.stun = new Stun(cfg, clock, source, transfer, link, dest, io, passes, metrics, throttle, precopy);
        this.boundNanos = Math.addExact(start, cfg.run().boundNanos(memoryBytes, cfg.precopyRateBytesPerSec()));
        this.nextStepNanos = start;
    }

    Phase phase() {
        return phase;
    }

    /** Post-copy's missing pages after a post-copy resume, else null. */
    PostcopyPages postcopy() {
        return postcopy;
    }

    PrecopySender precopy() {
        return precopy;
    }

    /** When the migration next has something to do, {@link #NEVER} when nothing is due until the run ends. */
    long nextStepNanos() {
        return nextStepNanos;
    }

    /** The pre-copy was advanced outside {@link #advanceTo} (the span path's sends); its next step is due at {@code t}. */
    void nextStepAt(long t) {
        nextStepNanos = t;
    }

    long postResumeWindowEndNanos() {
        return postResumeWindowEndNanos;
    }

    /** The downtime limit in force (the last step an orchestrator set, or {@code precopy.downtime-target}). */
    long downtimeLimitNanos() {
        return downtimeLimit.nanos();
    }

    /** The highest throttle of the run, 0..1. */
    double throttleMax() {
        return throttle.highestShare();
    }

    /** The next pre-copy deadline: an orchestrator poll or the replay's bound. */
    private long deadlineNanos() {
        return Math.min(orchestrator.nextPollNanos(), boundNanos);
    }

    /** Advances the migration and the clock to {@code x}; false when the replay of guest events is over. */
    boolean advanceTo(long x) {
        if (x < nextStepNanos) {
            clock.advance(x); // nothing of the migration is due: only the clock moves
        } else {
            advanceMigrationTo(x);
        }
        if (phase == Phase.ENDED || (phase == Phase.RESUMED && x > postResumeWindowEndNanos)) {
            return false;
        }
        io.advanceTo(clock.now());
        return true;
    }

    /** The guest's events are over: plays the migration out (a pre-copy with an idle guest, post-copy's pushes). */
    void finish() {
        while (phase != Phase.ENDED && !(phase == Phase.RESUMED && (postcopy == null || !postcopy.pushing()))) {
            if (nextStepNanos == NEVER) {
                throw new IllegalStateException("migration stalled in phase " + phase + " at " + clock.now() + " ns");
            }
            advanceMigrationTo(nextStepNanos);
        }
    }

    private void advanceMigrationTo(long x) {
        while (nextStepNanos <= x) {
            long t = nextStepNanos;
            clock.advance(t);
            switch (phase) {
                case WAITING -> start(t);
                case PRECOPY -> precopyStep(x);
                case PREPARING -> stun(t, link.bandwidthBytesPerSec());
                case RESUMED -> pushStep(x);
                default -> nextStepNanos = NEVER;
            }
        }
        clock.advance(x);
    }

    private void start(long t) {
        io.migrationStarted(t); // opens the window of io_p99_ns
        switch (cfg.run().mode()) {
            case STOP_AND_COPY:
                metrics.decided(Outcome.COMPLETED, t, "stop-and-copy");
                source.toSend.setAll();
                stun(t, link.bandwidthBytesPerSec());
                return;
            case POSTCOPY:
                if (cfg.precopy().postcopyPrecopyPasses() == 0) {
                    metrics.decided(Outcome.COMPLETED, t, "post-copy");
                    postcopySwitch(t);
                    return;
                }
                break;
            default:
                break;
        }
        phase = Phase.PRECOPY;
        WriteTraces traces = source.startTracing(cfg);
        precopy.start(t);
        precopy.deadlineAt(deadlineNanos());
        convergence.start(t);
        passes.begin(t, traces);
        install.charge(traces.armAll(), cfg.traces().installCostNanos(), clock);
        nextStepNanos = t;
    }

    /** Sends pre-copy pages due by {@code x}; handles syncs, deadlines and throttle sleeps on the way. */
    private void precopyStep(long x) {
        while (phase == Phase.PRECOPY) {
            long free = sender.freeAtNanos();
            long deadline = deadlineNanos();
            long tick = throttle.nextTickNanos();
            if (deadline <= free && deadline <= tick) {
                if (deadline > x) {
                    nextStepNanos = deadline;
                    return;
                }
                clock.advance(deadline);
                onDeadline(deadline);
                continue;
            }
            if (tick <= free) {
                if (tick > x) {
                    nextStepNanos = tick;
                    return;
                }
                throttle.tick();
                continue;
            }
            if (free > x) {
                nextStepNanos = free;
                return;
            }
            clock.advance(free);
            if (precopy.syncDue(free)) {
                sync(free);
                return;
            }
            precopy.sendNext();
        }
    }

    /** The replay's bound or an orchestrator poll is due at {@code t} during pre-copy. */
    private void onDeadline(long t) {
        if (t >= boundNanos) {
            end(Outcome.TIMED_OUT, t, "pre-copy still iterating at migration.timeout");
            return;
        }
        long before = downtimeLimit.nanos();
        Orchestrator.Action action = orchestrator.poll(precopy.remaining() * Link.PAGE_BYTES);
        if (downtimeLimit.nanos() != before) {
            precopy.limitChanged();
        }
        switch (action) {
            case ABORT -> end(Outcome.ABORTED, t, orchestrator.reason());
            case PAUSE -> {
                metrics.decided(Outcome.PAUSED, t, orchestrator.reason());
                // QEMU iterates on with the guest paused: what is left goes at the pre-copy rate
                stun(t, precopy.rateBytesPerSec());
            }
            case POSTCOPY -> {
                metrics.decided(Outcome.POSTCOPY_FALLBACK, t, orchestrator.reason());
                postcopySwitch(t);
            }
            default -> precopy.deadlineAt(deadlineNanos());
        }
    }

    private void sync(long t) {
        long waiting = precopy.remaining();
        long pending = precopy.sync(t);
        int passesDone = metrics.passDone();
        SyncPoint point = convergence.syncPoint(t, passesDone, waiting, pending, precopy);
        closePass(t, pending, false);
        if (cfg.run().mode() == MigrationConfig.Mode.POSTCOPY && passesDone >= cfg.precopy().postcopyPrecopyPasses()) {
            metrics.decided(Outcome.COMPLETED, t, "post-copy");
            postcopySwitch(t);
            return;
        }
        switch (convergence.decide(point, t)) {
            case CONVERGED -> {
                metrics.decided(Outcome.CONVERGED, t, convergence.reason());
                beginSwitchOver(t);
                return;
            }
            case FORCED -> {
                metrics.decided(Outcome.FORCED, t, convergence.reason());
                beginSwitchOver(t);
                return;
            }
            case ABORT -> {
                end(Outcome.ABORTED, t, convergence.reason());
                return;
            }
            default -> {
                // pre-copy goes on: a new pass
            }
        }
        WriteTraces traces = source.traces();
        passes.begin(t, traces);
        install.charge(traces.rearm(), cfg.traces().installCostNanos(), clock);
        nextStepNanos = Math.min(Math.min(sender.freeAtNanos(), throttle.nextTickNanos()), deadlineNanos());
    }

    private void closePass(long end, long dirtyAtEnd, boolean finalStopAndCopy) {
        int passesDone = metrics.passesDone();
        passes.close(finalStopAndCopy ? passesDone : passesDone - 1, end, dirtyAtEnd, finalStopAndCopy, source.traces());
    }

    private void beginSwitchOver(long t) {
        io.advanceTo(t);
        long ready = Math.max(t, io.prepareSwitchOver(t));
        if (ready > t) {
            phase = Phase.PREPARING; // the guest runs on until the VF is quiet
            nextStepNanos = ready;
        } else {
            stun(t, link.bandwidthBytesPerSec());
        }
    }

    /** The migration ends at {@code t} without moving the guest (aborted, or the replay's bound). */
    private void end(Outcome outcome, long t, String reason) {
        phase = Phase.ENDED;
        source.stopTracing();
        throttle.stop();
        metrics.decided(outcome, t, reason);
        nextStepNanos = NEVER;
    }

    /** Stun, final copy at {@code pageRate} (see {@link Stun#stopAndCopy}), resume. */
    private void stun(long t, long pageRate) {
        long resumeAt = stun.stopAndCopy(t, pageRate);
        resumed(resumeAt);
        closePass(resumeAt, 0, true);
        metrics.ended(resumeAt);
    }

    /** Post-copy: stun, device state, resume; what the destination lacks is pulled or pushed from then on. */
    private void postcopySwitch(long t) {
        postcopy = stun.stopForPostcopy(t);
        resumed(metrics.resumeAtNanos());
        nextStepNanos = metrics.resumeAtNanos();
    }

    private void resumed(long resumeAt) {
        phase = Phase.RESUMED;
        postResumeWindowEndNanos = resumeAt + cfg.run().postResumeWindowNanos();
        nextStepNanos = NEVER;
    }

    private void pushStep(long x) {
        long next = postcopy.pushUntil(x);
        if (next != PostcopyPages.DONE) {
            nextStepNanos = next;
            return;
        }
        nextStepNanos = NEVER;
        source.checkIntegrity(postcopy.valid(), "the end of post-copy");
        long end = Math.max(transfer.lastArrivalNanos(), metrics.resumeAtNanos());
        metrics.ended(end);
        closePass(end, 0, true);
    }
}
