package dev.vmreplay.engine.destination;

/**
 * Seed 4: each mapping is created on the destination CPU as soon as its pages have landed,
 * overlapped with the copy. Only mappings completed by the final stop-and-copy (or held back by an
 * unbacked small page) are left for the stun.
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
    public long stunWorkNanos(long allMappings, long mappingsLeftForStun) {
        return Math.multiplyExact(mappingsLeftForStun, mapCostNanos);
    }

    @Override
    public boolean mapsEverythingBeforeResume() {
        return false;
    }
}
