package dev.vmreplay.engine.destination;

/**
 * Seed 4: each mapping is created on the destination CPU as soon as its pages have landed,
 * overlapped with the copy - the final stop-and-copy included - so a destination CPU that keeps up adds
 * nothing to the downtime, and one that cannot holds the transfer back through
 * {@link DestinationModel#pageArrived}'s finish times. Nothing is left for the stun. Resends of a page
 * already mapped create nothing (the mapping stays valid); a split large page whose last hole is backed
 * late gets its one large mapping then (one more mapping of work).
 */
final class DuringTransferPopulation implements PageTablePopulation {
    private final PageTable table;
    private final DestinationCpu cpu;
    private final long mapCostNanos;
    private final long faultCostNanos;

    DuringTransferPopulation(PageTable table, DestinationCpu cpu, long mapCostNanos, long faultCostNanos) {
        this.table = table;
        this.cpu = cpu;
        this.mapCostNanos = mapCostNanos;
        this.faultCostNanos = faultCostNanos;
    }

    @Override
    public long smallPageLanded(long page, long readyNanos) {
        return table.mapSmall(page) ? cpu.run(readyNanos, mapCostNanos) : readyNanos;
    }

    @Override
    public long largePageLanded(int large, long readyNanos) {
        return table.mapLarge(large) ? cpu.run(readyNanos, mapCostNanos) : readyNanos;
    }

    @Override
    public long largePageLandedSplit(int large, long readyNanos) {
        int mappings = table.mapSplit(large);
        return cpu.run(readyNanos, Math.multiplyExact(mappings, mapCostNanos));
    }

    @Override
    public long stunStarts(long allMappings) {
        return 0; // everything that landed is mapped; the engine waited for the CPU's finish times
    }

    @Override
    public long faultAfterResume(long page, int wholeLarge) {
        // only a mapping whose pages had not all landed by resume (post-copy) can be missing
        table.mapOnFault(page, wholeLarge);
        return faultCostNanos;
    }
}
