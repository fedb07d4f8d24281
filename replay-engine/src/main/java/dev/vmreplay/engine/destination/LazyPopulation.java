package dev.vmreplay.engine.destination;

/** QEMU/KVM's default: nothing is mapped before resume; each mapping's first access faults. */
final class LazyPopulation implements PageTablePopulation {
    @Override
    public boolean mapsAsPagesLand() {
        return false;
    }

    @Override
    public long mappingsReady(long mappings, long readyNanos) {
        throw new IllegalStateException("lazy population creates no mapping before resume");
    }

    @Override
    public long stunWorkNanos(long allMappings) {
        return 0;
    }

    @Override
    public boolean mapsEverythingBeforeResume() {
        return false;
    }
}
