package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.TraceInstall;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.engine.technique.StuckPolicy;
import dev.vmreplay.engine.technique.SwitchOverDecision;
import dev.vmreplay.engine.technique.SwitchOverRules;
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
 * PRECOPY    sync, a rule says STUCK, precopy.on-stuck = force         switch-over (not converged)
 * PRECOPY    sync, STUCK, on-stuck = throttle (steps left)             PRECOPY, the throttle share rises
 * PRECOPY    sync, STUCK, on-stuck = abort                             ABORTED: the guest stays on the source
 * PRECOPY    sync, otherwise                                           PRECOPY: a new pass, traces re-armed
 * PREPARING  the VF handover before the stun is done (sriov.handover)  stun, then RESUMED
 * RESUMED    post-copy: every missing page pushed                      RESUMED, migration over
 * </pre>
 *
 * The stun stops the guest (tracing ends, the VF is drained or handed over), sends what is left at
 * full link speed and the device state, lets the destination do its stun work, checks integrity and
 * resumes the guest at the destination. The run ends at the end of the post-resume window
 * ({@code post-resume.window}) after resume, or at the abort.
 */
final class MigrationTimeline {
    enum Phase { WAITING, PRECOPY, PREPARING, RESUMED, ABORTED }

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
    private final SwitchOverRules rules;
    private final StuckPolicy stuckPolicy;
    private final TraceInstall install;
    private final ThrottleTicks throttle;
    private final PrecopySender precopy;

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
        this.rules = SwitchOverRules.forConfig(cfg);
        this.stuckPolicy = StuckPolicy.forConfig(cfg);
        this.install = TraceInstall.forConfig(cfg, clock.vcpus());
        this.throttle = new ThrottleTicks(stuckPolicy, clock);
        this.precopy = new PrecopySender(cfg, source, transfer, link, clock, throttle);
        this.nextStepNanos = cfg.run().migrationStartNanos();
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

    /** Advances the migration and the clock to {@code x}; false when the replay of guest events is over. */
    boolean advanceTo(long x) {
        if (x < nextStepNanos) {
            clock.advance(x); // nothing of the migration is due: only the clock moves
        } else {
            advanceMigrationTo(x);
        }
        if (phase == Phase.ABORTED || (phase == Phase.RESUMED && x > postResumeWindowEndNanos)) {
            return false;
        }
        io.advanceTo(clock.now());
        return true;
    }

    /** The guest's events are over: plays the migration out (a pre-copy with an idle guest, post-copy's pushes). */
    void finish() {
        while (phase != Phase.ABORTED && !(phase == Phase.RESUMED && (postcopy == null || !postcopy.pushing()))) {
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
                case PREPARING -> stun(t);
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
                source.toSend.setAll();
                stun(t);
                return;
            case POSTCOPY:
                if (cfg.precopy().postcopyPrecopyPasses() == 0) {
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
        passes.begin(t, traces);
        install.charge(traces.armAll(), cfg.traces().installCostNanos(), clock);
        nextStepNanos = t;
    }

    /** Sends pre-copy pages due by {@code x}; handles syncs and throttle sleeps on the way. */
    private void precopyStep(long x) {
        while (true) {
            long free = sender.freeAtNanos();
            long tick = throttle.nextTickNanos();
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

    private void sync(long t) {
        long waiting = precopy.remaining();
        long pending = precopy.sync(t);
        int passesDone = metrics.passDone();
        double bandwidth = cfg.precopy().sync() == MigrationConfig.Sync.PASS_END && t > passes.startNanos()
                ? passes.bytes() * 1e9 / (t - passes.startNanos()) : precopy.bandwidthEstimate();
        if (bandwidth <= 0) {
            bandwidth = precopy.rateBytesPerSec();
        }
        SyncPoint point = new SyncPoint(passesDone, pending, pending * Link.PAGE_BYTES, bandwidth, passes.pages(),
                transfer.bytesSent(), memoryBytes, pending - waiting);
        closePass(t, pending, false);
        if (cfg.run().mode() == MigrationConfig.Mode.POSTCOPY && passesDone >= cfg.precopy().postcopyPrecopyPasses()) {
            postcopySwitch(t);
            return;
        }
        SwitchOverDecision d = rules.decide(point);
        switch (d.kind()) {
            case SWITCH:
                metrics.converged();
                beginSwitchOver(t);
                return;
            case STUCK:
                switch (stuckPolicy.onStuck(point)) {
                    case ABORT:
                        abort(t);
                        return;
                    case SWITCH_OVER:
                        beginSwitchOver(t);
                        return;
                    default:
                        throttle.start(t);
                        break;
                }
                break;
            default:
                break;
        }
        WriteTraces traces = source.traces();
        passes.begin(t, traces);
        install.charge(traces.rearm(), cfg.traces().installCostNanos(), clock);
        nextStepNanos = Math.min(sender.freeAtNanos(), throttle.nextTickNanos());
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
            stun(t);
        }
    }

    private void abort(long t) {
        phase = Phase.ABORTED;
        source.stopTracing();
        throttle.stop();
        metrics.aborted(t);
        nextStepNanos = NEVER;
    }

    /**
     * The guest stops at {@code t}: tracing ends, the last dirty pages join those to send, the IO replay
     * stuns; returns when the VF is drained (responses still DMA into guest memory until then).
     */
    private long stopGuest(long t) {
        source.stopTracing();
        throttle.stop();
        metrics.stunned(t);
        io.advanceTo(t);
        long ioReady = Math.max(t, io.stun(t));
        source.takeDirty();
        precopy.stop();
        return ioReady;
    }

    /** Stun, final stop-and-copy at full link speed, device state, destination work, resume. */
    private void stun(long t) {
        long ioReady = stopGuest(t);
        passes.begin(t, source.traces());
        // Responses DMA into guest memory until the VF is drained, so the final copy starts after it.
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), link.bandwidthBytesPerSec());
        var toSend = source.toSend;
        for (long p = toSend.nextSetBit(0); p >= 0; p = toSend.nextSetBit(p + 1)) {
            transfer.send(p, true);
        }
        toSend.clearAll();
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        long memoryReady = Math.max(Math.max(deviceDone, transfer.lastArrivalNanos()), transfer.destReadyNanos());
        long resumeAt = memoryReady + dest.stunWorkNanos();
        source.checkIntegrity(transfer.everSent(), "resume");
        resume(t, resumeAt);
        closePass(resumeAt, 0, true);
        metrics.ended(resumeAt);
    }

    private void resume(long stunNanos, long resumeAt) {
        metrics.resumed(resumeAt);
        dest.resume(resumeAt);
        io.advanceTo(resumeAt);
        io.resume(resumeAt);
        clock.pauseAll(resumeAt - stunNanos);
        clock.advance(resumeAt);
        phase = Phase.RESUMED;
        postResumeWindowEndNanos = resumeAt + cfg.run().postResumeWindowNanos();
        nextStepNanos = NEVER;
    }

    /** Post-copy: stun, send device state, resume; what the destination lacks is pulled or pushed. */
    private void postcopySwitch(long t) {
        long ioReady = stopGuest(t);
        postcopy = new PostcopyPages(transfer, source.toSend);
        source.toSend.clearAll();
        passes.begin(t, source.traces());
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), link.bandwidthBytesPerSec());
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        long resumeAt = deviceDone + dest.stunWorkNanos();
        resume(t, resumeAt);
        sender.startSegment(resumeAt, link.bandwidthBytesPerSec());
        nextStepNanos = resumeAt;
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
