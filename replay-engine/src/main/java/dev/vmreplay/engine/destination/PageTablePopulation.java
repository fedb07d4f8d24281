package dev.vmreplay.engine.destination;

/**
 * When the destination creates its page-table (EPT/NPT) mappings ({@code dest.populate}, seeds 2
 * and 4). A mapping is one whole large page or one small page. The host tells the policy when a
 * mapping's pages have all landed, when the stun starts and when the guest touches a missing mapping
 * after resume; the policy creates mappings in the {@link PageTable} it was built with, runs its work
 * on the {@link DestinationCpu}, and says what it cost.
 *
 * <p>Adding a policy: one class implementing this interface and one line in {@link #of}.
 */
interface PageTablePopulation {
    /**
     * Small page {@code page}, a mapping of its own, landed for the first time at {@code readyNanos}
     * (pre-copy, stop-and-copy, or post-copy after resume). Called once per landing on the page path.
     *
     * @return when the destination has finished with the page (>= readyNanos)
     */
    long smallPageLanded(long page, long readyNanos);

    /**
     * Every small page of backed large page {@code large} has landed at {@code readyNanos} and none is a
     * hole: it can be mapped whole (again, when its last hole was backed after it had been split).
     *
     * @return when the destination has finished (>= readyNanos)
     */
    long largePageLanded(int large, long readyNanos);

    /**
     * Every small page of backed large page {@code large} has landed at {@code readyNanos} but a hole keeps
     * it from being mapped whole: its small pages are its mappings.
     *
     * @return when the destination has finished (>= readyNanos)
     */
    long largePageLandedSplit(int large, long readyNanos);

    /**
     * The last page of the stop-and-copy has landed; the stun lasts until the returned work is done.
     *
     * @param allMappings every mapping of guest memory at the stun (1 per whole large page, 1 per other
     *     small page), whether or not the policy created it already
     * @return destination work inside the stun, ns, >= 0
     */
    long stunStarts(long allMappings);

    /**
     * After resume the guest touched {@code page} and found no mapping (whole large page
     * {@code wholeLarge}, or the small page when -1): the fault creates it.
     *
     * @return the touching vCPU's stall, ns, >= 0
     */
    long faultAfterResume(long page, int wholeLarge);

    static PageTablePopulation of(DestinationSpec spec, PageTable table, DestinationCpu cpu) {
        return switch (spec.populate()) {
            case LAZY -> new LazyPopulation(table, spec.faultCostNanos());
            case BEFORE_RESUME -> new BeforeResumePopulation(table, spec.mapCostNanos());
            case DURING_TRANSFER -> new DuringTransferPopulation(table, cpu, spec.mapCostNanos(), spec.faultCostNanos());
        };
    }
}
