package dev.vmreplay.engine.destination;

/**
 * Seed 4: each mapping is created on the destination CPU as soon as its pages have landed,
 * overlapped with the copy - the final stop-and-copy included - so a destination CPU that keeps up adds
 * nothing to the downtime, and one that cannot holds the transfer back through
 * {@link DestinationModel#pageArrived}'s finish times. Nothing is left for the stun.
 */
final class DuringTransferPopulation implements PageTablePopulation {
    private final long mapCostNanos;
    private final DestinationCpu cpu;

    DuringTransferPopulation(long mapCostNanos, DestinationCpu cpu) {
        this.mapCostNanos = mapCostNanos;
        this.cpu = cpu;
    }

    @Override
    public boolean mapsAsPagesLand() {
        return true;
    }

    @Override
    public long mappingsReady(long mappings, long readyNanos) {
        return cpu.run(readyNanos, Math.multiplyExact(mappings, mapCostNanos));
    }

    @Override
    public long stunWorkNanos(long allMappings) {
        return 0; // everything that landed is mapped; the engine waited for the CPU's finish times
    }

    @Override
    public boolean mapsEverythingBeforeResume() {
        return false;
    }
}
