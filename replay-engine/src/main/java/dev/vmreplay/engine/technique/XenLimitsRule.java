package dev.vmreplay.engine.technique;

/**
 * Xen's limits (tools/libs/guest xc_domain_save): the last iteration comes when the pass limit is
 * reached or 3x memory has been sent (stuck: the on-stuck policy decides), or when a pass sent fewer
 * than 50 pages (converged).
 */
public final class XenLimitsRule implements SwitchOverRule {
    /** xc_domain_save: a pass that sent fewer pages than this ends pre-copy. */
    public static final long FEW_PAGES = 50;
    /** xc_domain_save: stop when this many times guest memory has been sent. */
    public static final long MEMORY_FACTOR = 3;

    private final long maxPasses;

    public XenLimitsRule(long maxPasses) {
        this.maxPasses = maxPasses;
    }

    @Override
    public SwitchOverDecision decide(SyncPoint p) {
        if (p.pagesSentInPass() < FEW_PAGES) {
            return SwitchOverDecision.switchOver("fewer than " + FEW_PAGES + " pages sent in the pass");
        }
        if (p.passesDone() >= maxPasses) {
            return SwitchOverDecision.stuck("pass limit " + maxPasses + " reached");
        }
        if (p.totalBytesSent() >= MEMORY_FACTOR * p.memoryBytes()) {
            return SwitchOverDecision.stuck(MEMORY_FACTOR + "x memory sent");
        }
        return SwitchOverDecision.CONTINUE;
    }
}
