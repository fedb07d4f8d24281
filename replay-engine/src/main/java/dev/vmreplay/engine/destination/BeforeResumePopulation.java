package dev.vmreplay.engine.destination;

/** Seed 2: every mapping is created in the stun, so the guest takes no fault but downtime grows. */
final class BeforeResumePopulation implements PageTablePopulation {
    private final long mapCostNanos;

    BeforeResumePopulation(long mapCostNanos) {
        this.mapCostNanos = mapCostNanos;
    }

    @Override
    public boolean mapsAsPagesLand() {
        return false;
    }

    @Override
    public long mappingsReady(long mappings, long readyNanos) {
        throw new IllegalStateException("before-resume population creates no mapping during the transfer");
    }

    @Override
    public long stunWorkNanos(long allMappings) {
        return Math.multiplyExact(allMappings, mapCostNanos);
    }

    @Override
    public boolean mapsEverythingBeforeResume() {
        return true;
    }
}
