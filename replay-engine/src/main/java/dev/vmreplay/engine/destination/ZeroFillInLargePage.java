package dev.vmreplay.engine.destination;

/**
 * Seed 5: write zeros into the small page at its offset inside the destination large page, paying
 * a memset on the destination CPU, so the large page stays whole.
 */
final class ZeroFillInLargePage implements ZeroPageHandling {
    private final DestinationCpu cpu;
    private final long fillCostNanos;
    private long pagesFilled;

    ZeroFillInLargePage(DestinationCpu cpu, long fillCostNanos) {
        this.cpu = cpu;
        this.fillCostNanos = fillCostNanos;
    }

    @Override
    public long zeroMarkerLanded(long page, int large, long arrivalNanos) {
        pagesFilled++;
        return cpu.run(arrivalNanos, fillCostNanos);
    }

    @Override
    public long pagesFilled() {
        return pagesFilled;
    }
}
