package dev.vmreplay.engine.technique;

/**
 * No-progress detection: the migration is stuck when, at {@value #SYNCS_IN_A_ROW} syncs in a row, the
 * guest dirtied at least {@value #DIRTY_SHARE} of what the pass sent, so the set to send hardly
 * shrinks. Measuring per period (not comparing set sizes) makes it independent of how often the
 * dirty set is taken. Like QEMU's auto-converge trigger (dirtied bytes over a share of transferred
 * bytes, two syncs in a row), it acts on the second one and then starts counting again.
 */
public final class NoProgressRule implements SwitchOverRule {
    public static final double DIRTY_SHARE = 0.9;
    public static final int SYNCS_IN_A_ROW = 2;

    private int stalledSyncs;

    @Override
    public SwitchOverDecision decide(SyncPoint p) {
        if (p.pagesSentInPass() > 0 && p.pagesDirtiedInPass() >= DIRTY_SHARE * p.pagesSentInPass()) {
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
