package dev.vmreplay.engine.destination;

import java.util.Objects;

/**
 * The destination host's configuration (DESIGN.md section 6, keys {@code dest.*}). Defaults live in
 * the engine's configuration registry, not here.
 *
 * @param populate {@code dest.populate}
 * @param zeroPages {@code dest.zero-pages}
 * @param mapCostNanos {@code dest.map-cost}: destination CPU time to create one mapping (small or large), >= 0
 * @param faultCostNanos {@code dest.fault-cost}: vCPU stall of one EPT/NPT violation after resume, >= 0
 * @param zeroFillCostNanos {@code dest.zero-fill-cost}: destination CPU time to write one 4 KiB page of zeros, >= 0
 * @param largePageAvailability {@code dest.large-page-availability}: share of source large pages the
 *     destination can back with a large page of the same size, 0..1
 * @param seed seed of the choice of which large pages the destination fails to back
 */
public record DestinationSpec(
        PopulatePolicy populate,
        ZeroPagePolicy zeroPages,
        long mapCostNanos,
        long faultCostNanos,
        long zeroFillCostNanos,
        double largePageAvailability,
        long seed) {

    public DestinationSpec {
        Objects.requireNonNull(populate, "dest.populate");
        Objects.requireNonNull(zeroPages, "dest.zero-pages");
        requireNonNegative("dest.map-cost", mapCostNanos);
        requireNonNegative("dest.fault-cost", faultCostNanos);
        requireNonNegative("dest.zero-fill-cost", zeroFillCostNanos);
        if (!(largePageAvailability >= 0.0 && largePageAvailability <= 1.0)) {
            throw new IllegalArgumentException("dest.large-page-availability must be in 0..1, was " + largePageAvailability);
        }
    }

    private static void requireNonNegative(String key, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(key + " must be >= 0 ns, was " + nanos + " ns");
        }
    }

    public DestinationSpec withPopulate(PopulatePolicy value) {
        return new DestinationSpec(value, zeroPages, mapCostNanos, faultCostNanos, zeroFillCostNanos, largePageAvailability, seed);
    }

    public DestinationSpec withZeroPages(ZeroPagePolicy value) {
        return new DestinationSpec(populate, value, mapCostNanos, faultCostNanos, zeroFillCostNanos, largePageAvailability, seed);
    }

    public DestinationSpec withLargePageAvailability(double value) {
        return new DestinationSpec(populate, zeroPages, mapCostNanos, faultCostNanos, zeroFillCostNanos, value, seed);
    }
}
