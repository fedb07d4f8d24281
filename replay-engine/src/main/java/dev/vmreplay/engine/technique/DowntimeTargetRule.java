package dev.vmreplay.engine.technique;

/**
 * QEMU's rule (migration.c, migration_iteration_run): switch over when the pending bytes would go
 * out within the downtime target at the measured bandwidth.
 */
public final class DowntimeTargetRule implements SwitchOverRule {
    private final DowntimeLimit limit;

    /** A rule with a fixed target. */
    public DowntimeTargetRule(long targetNanos) {
        this(new DowntimeLimit(targetNanos));
    }

    /** A rule reading {@code limit} at every sync (an orchestrator may step it up). */
    public DowntimeTargetRule(DowntimeLimit limit) {
        this.limit = limit;
    }

    @Override
    public SwitchOverDecision decide(SyncPoint p) {
        if (p.expectedDowntimeNanos() <= limit.nanos()) {
            return SwitchOverDecision.switchOver("expected downtime under target");
        }
        return SwitchOverDecision.CONTINUE;
    }
}
