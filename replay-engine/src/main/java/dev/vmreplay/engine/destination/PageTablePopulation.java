package dev.vmreplay.engine.destination;

/**
 * When the destination creates its page-table (EPT/NPT) mappings ({@code dest.populate}, seeds 2
 * and 4). A mapping is one whole large page or one small page. The host decides which mappings
 * exist and when their pages have landed; the policy decides when they are created and what it costs.
 */
interface PageTablePopulation {
    /** True when mappings are created as their pages land; the host then reports each via {@link #mappingsReady}. */
    boolean mapsAsPagesLand();

    /**
     * {@code mappings} mappings had all their pages land at {@code readyNanos} (pre-copy or stop-and-copy).
     *
     * @return when the destination has finished creating them (>= readyNanos)
     */
    long mappingsReady(long mappings, long readyNanos);

    /**
     * Work inside the stun, after the last page has landed.
     *
     * @param allMappings every mapping of guest memory at resume
     */
    long stunWorkNanos(long allMappings);

    /** True when every mapping exists at resume (no faults after resume). */
    boolean mapsEverythingBeforeResume();

    static PageTablePopulation of(PopulatePolicy policy, long mapCostNanos, DestinationCpu cpu) {
        return switch (policy) {
            case LAZY -> new LazyPopulation();
            case BEFORE_RESUME -> new BeforeResumePopulation(mapCostNanos);
            case DURING_TRANSFER -> new DuringTransferPopulation(mapCostNanos, cpu);
        };
    }
}
