package dev.vmreplay.engine.technique;

/**
 * QEMU's rule (migration.c, migration_iteration_run): switch over when the pending bytes would go
 * out within the downtime target at the measured bandwidth.
 */
public final class DowntimeTargetRule implements SwitchOverRule {
    private final long targetNanos;

    public DowntimeTargetRule(long targetNanos) {
        this.targetNanos = targetNanos;
    }

    @Override
    public SwitchOverDecision decide(SyncPoint p) {
        if (p.expectedDowntimeNanos() <= targetNanos) {
            return SwitchOverDecision.switchOver("expected downtime under target");
        }
        return SwitchOverDecision.CONTINUE;
    }
}
