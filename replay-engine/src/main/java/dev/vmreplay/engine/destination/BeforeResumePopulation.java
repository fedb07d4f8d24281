package dev.vmreplay.engine.destination;

/** Seed 2: every mapping is created in the stun, so the guest takes no fault but downtime grows. */
final class BeforeResumePopulation implements PageTablePopulation {
    private final PageTable table;
    private final long mapCostNanos;

    BeforeResumePopulation(PageTable table, long mapCostNanos) {
        this.table = table;
        this.mapCostNanos = mapCostNanos;
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
        long workNanos = Math.multiplyExact(allMappings, mapCostNanos);
        table.mapEverything(allMappings);
        return workNanos;
    }

    @Override
    public long faultAfterResume(long page, int wholeLarge) {
        throw new IllegalStateException("before-resume population: page " + page + " has no mapping after resume");
    }
}
