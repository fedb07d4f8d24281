package dev.vmreplay.engine.destination;

/**
 * What the destination does with a zero marker for a small page that has never been written and
 * lies inside a destination large page ({@code dest.zero-pages}, seed 5). Outside a destination
 * large page a zero marker leaves the page unbacked under every policy: nothing to keep whole there.
 */
interface ZeroPageHandling {
    /** True when the zero page is written as zeros (the large page stays whole), false when left unbacked. */
    boolean fillsZeroPage();

    /** Destination CPU time per filled page, ns. */
    long fillCostNanos();

    static ZeroPageHandling of(ZeroPagePolicy policy, long zeroFillCostNanos) {
        return switch (policy) {
            case LEAVE_UNBACKED -> new LeaveUnbacked();
            case ZERO_FILL_IN_LARGE_PAGE -> new ZeroFillInLargePage(zeroFillCostNanos);
        };
    }
}
