package dev.vmreplay.engine.technique;

/**
 * No-progress detection: the migration is stuck when the pending set failed to shrink by at least
 * 10% at {@value #SYNCS_IN_A_ROW} syncs in a row (the guest dirties as fast as the link sends). Like
 * QEMU's auto-converge trigger (two high-dirty-rate syncs in a row), it acts on the second one and
 * then starts counting again.
 */
public final class NoProgressRule implements SwitchOverRule {
    public static final double SHRINK_REQUIRED = 0.9;
    public static final int SYNCS_IN_A_ROW = 2;

    private int stalledSyncs;

    @Override
    public SwitchOverDecision decide(SyncPoint p) {
        if (p.pendingPages() >= SHRINK_REQUIRED * p.previousPendingPages()) {
            stalledSyncs++;
        } else {
            stalledSyncs = 0;
        }
        if (stalledSyncs >= SYNCS_IN_A_ROW) {
            stalledSyncs = 0;
            return SwitchOverDecision.stuck("no progress in " + SYNCS_IN_A_ROW + " syncs");
        }
        return SwitchOverDecision.CONTINUE;
    }
}
