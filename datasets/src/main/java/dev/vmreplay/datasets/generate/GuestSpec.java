package dev.vmreplay.datasets.generate;

/**
 * The guest a generator simulates.
 *
 * @param memoryBytes guest memory, > 0 and a multiple of 4 KiB
 * @param vcpus vCPUs, 1..4096
 * @param durationNanos trace length, > 0
 * @param seed seed of every random choice
 */
public record GuestSpec(long memoryBytes, int vcpus, long durationNanos, long seed) {
    public static final long PAGE_BYTES = 4096;

    public GuestSpec {
        if (memoryBytes <= 0 || memoryBytes % PAGE_BYTES != 0) {
            throw new IllegalArgumentException("--memory must be > 0 and a multiple of 4KiB, was " + memoryBytes + " bytes");
        }
        if (vcpus < 1 || vcpus > 4096) {
            throw new IllegalArgumentException("--vcpus must be in 1..4096, was " + vcpus);
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("--duration must be > 0, was " + durationNanos + " ns");
        }
    }

    public long pages() {
        return memoryBytes / PAGE_BYTES;
    }
}
