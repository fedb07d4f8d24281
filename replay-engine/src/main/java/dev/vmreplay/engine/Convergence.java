package dev.vmreplay.engine;

import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.technique.AutoConverge;
import dev.vmreplay.engine.technique.DowntimeLimit;
import dev.vmreplay.engine.technique.StuckPolicy;
import dev.vmreplay.engine.technique.SwitchOverDecision;
import dev.vmreplay.engine.technique.SwitchOverRules;
import dev.vmreplay.engine.technique.SyncPoint;

/**
 * What pre-copy decides at each sync of the dirty bitmap: QEMU's auto-converge may step the throttle up
 * ({@code precopy.auto-converge}); the switch-over rules say whether the expected downtime fits the limit, or
 * whether the migration is stuck; the stuck policy ({@code precopy.on-stuck}) then forces, throttles, aborts or
 * lets pre-copy go on. It owns the guest's throttling, which both auto-converge and the stuck policy drive.
 */
final class Convergence {
    /** What the {@link MigrationTimeline} does after a sync. */
    enum Verdict { CONTINUE, CONVERGED, FORCED, ABORT }

    private final MigrationConfig cfg;
    private final long memoryBytes;
    private final PassLog passes;
    private final PageTransfer transfer;
    private final SwitchOverRules rules;
    private final StuckPolicy stuckPolicy;
    /** QEMU auto-converge when {@code precopy.auto-converge} is on, else null. */
    private final AutoConverge autoConverge;
    private final ThrottleTicks throttle;
    private String reason = "";

    Convergence(MigrationConfig cfg, long memoryBytes, DowntimeLimit limit, StallClock clock, PassLog passes,
                PageTransfer transfer) {
        this.cfg = cfg;
        this.memoryBytes = memoryBytes;
        this.passes = passes;
        this.transfer = transfer;
        this.rules = SwitchOverRules.forConfig(cfg, limit);
        this.stuckPolicy = StuckPolicy.forConfig(cfg);
        PrecopySpec p = cfg.precopy();
        this.autoConverge = p.autoConverge() ? new AutoConverge(percent(p.throttleInitial()), percent(p.throttleStep()),
                percent(p.throttleMax()), percent(p.throttleTriggerThreshold()), p.throttleTailslow()) : null;
        this.throttle = new ThrottleTicks(stuckPolicy, autoConverge, clock);
    }

    ThrottleTicks throttle() {
        return throttle;
    }

    /** Pre-copy starts at {@code t}: QEMU's setup sync opens auto-converge's first period. */
    void start(long t) {
        if (autoConverge != null) {
            autoConverge.start(t, transfer.bytesSent());
        }
    }

    /**
     * The sync at {@code t} found {@code pending} pages to send, {@code waiting} of them left from the pass:
     * auto-converge looks at the period (QEMU migration_bitmap_sync checks its trigger before the pending size
     * is compared), and the sync point the rules will see is made, with the bandwidth the expected downtime
     * assumes ({@code precopy.switchover-bandwidth}, the pass's average with pass-end syncs, else the measured one).
     */
    SyncPoint syncPoint(long t, int passesDone, long waiting, long pending, PrecopySender precopy) {
        if (autoConverge != null && autoConverge.onSync(t, pending - waiting, transfer.bytesSent())) {
            throttle.start(t);
        }
        double bandwidth = cfg.precopy().switchoverBandwidthBytesPerSec() > 0 ? precopy.switchoverBandwidth()
                : cfg.precopy().sync() == MigrationConfig.Sync.PASS_END && t > passes.startNanos()
                ? passes.bytes() * 1e9 / (t - passes.startNanos()) : precopy.switchoverBandwidth();
        if (bandwidth <= 0) {
            bandwidth = precopy.rateBytesPerSec();
        }
        return new SyncPoint(passesDone, pending, pending * Link.PAGE_BYTES, bandwidth, passes.pages(),
                transfer.bytesSent(), memoryBytes, pending - waiting);
    }

    /** The rules' and the stuck policy's verdict at {@code point}, taken at {@code t}; {@link #reason()} says why. */
    Verdict decide(SyncPoint point, long t) {
        SwitchOverDecision d = rules.decide(point);
        reason = d.reason();
        switch (d.kind()) {
            case SWITCH:
                return Verdict.CONVERGED;
            case STUCK:
                switch (stuckPolicy.onStuck(point)) {
                    case ABORT:
                        return Verdict.ABORT;
                    case SWITCH_OVER:
                        return Verdict.FORCED;
                    case THROTTLE:
                        throttle.start(t);
                        return Verdict.CONTINUE;
                    default:
                        return Verdict.CONTINUE; // continue: pre-copy goes on
                }
            default:
                return Verdict.CONTINUE;
        }
    }

    String reason() {
        return reason;
    }

    /** A 0..1 share as QEMU's whole percent. */
    private static int percent(double share) {
        return (int) Math.round(share * 100);
    }
}
