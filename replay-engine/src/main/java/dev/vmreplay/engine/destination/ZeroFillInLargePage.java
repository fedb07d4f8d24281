package dev.vmreplay.engine.destination;

/**
 * Seed 5: write zeros into the small page at its offset inside the destination large page, paying
 * a memset on the destination CPU, so the large page stays whole.
 */
final class ZeroFillInLargePage implements ZeroPageHandling {
    private final long fillCostNanos;

    ZeroFillInLargePage(long fillCostNanos) {
        this.fillCostNanos = fillCostNanos;
    }

    @Override
    public boolean fillsZeroPage() {
        return true;
    }

    @Override
    public long fillCostNanos() {
        return fillCostNanos;
    }
}
