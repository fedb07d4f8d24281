package dev.vmreplay.engine.destination;

/** QEMU/KVM's default: nothing is mapped before resume; each mapping's first access faults. */
final class LazyPopulation implements PageTablePopulation {
    private final PageTable table;
    private final long faultCostNanos;

    LazyPopulation(PageTable table, long faultCostNanos) {
        this.table = table;
        this.faultCostNanos = faultCostNanos;
    }

    @Override
    public long smallPageLanded(long page, long readyNanos) {
        return readyNanos;
    }

    @Override
    public long largePageLanded(int large, long readyNanos) {
        return readyNanos;
    }

    @Override
    public long largePageLandedSplit(int large, long readyNanos) {
        return readyNanos;
    }

    @Override
    public long stunStarts(long allMappings) {
        return 0;
    }

    @Override
    public long faultAfterResume(long page, int wholeLarge) {
        table.mapOnFault(page, wholeLarge);
        return faultCostNanos;
    }
}
