package dev.vmreplay.trace;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The VM manifest of {@code DESIGN.md} section 2: what the guest looked like when the trace was
 * recorded. Stored as JSON under the Parquet key/value metadata key {@value #METADATA_KEY} and
 * accepted as a sidecar {@code <trace>.vm.json} (the sidecar wins).
 *
 * <p>JSON field names: {@code memory_bytes}, {@code vcpus}, {@code large_pages} ({@code gpa},
 * {@code bytes}, {@code page_bytes}), {@code zero_ranges} ({@code gpa}, {@code bytes}),
 * {@code io_queues}, {@code io_queue_depth}, {@code provenance} (free-form object).
 *
 * @param memoryBytes guest memory, > 0 and a multiple of 4096
 * @param vcpus number of vCPUs, >= 1
 * @param largePages source large-page ranges, sorted by gpa, non-overlapping, inside memory
 * @param zeroRanges ranges all-zero at trace start, sorted by gpa, non-overlapping, inside memory
 * @param ioQueues number of IO queues, >= 0 (0 = no IO device)
 * @param ioQueueDepth requests in flight per queue, >= 0
 * @param provenance free-form description: generator and seed, or importer and source file;
 *     values are JSON-compatible (String, Number, Boolean, List, Map), keys in insertion order
 * @param assumed true when no manifest was stored and this one was assumed by the reader
 */
public record VmManifest(
        long memoryBytes,
        int vcpus,
        List<LargePageRange> largePages,
        List<ZeroRange> zeroRanges,
        int ioQueues,
        int ioQueueDepth,
        Map<String, Object> provenance,
        boolean assumed) {

    /** Parquet key/value metadata key holding the manifest JSON. */
    public static final String METADATA_KEY = "vmreplay.vm";
    /** Suffix of the sidecar manifest file next to a trace. */
    public static final String SIDECAR_SUFFIX = ".vm.json";
    public static final long SMALL_PAGE_BYTES = 4096;

    public VmManifest {
        if (memoryBytes <= 0 || memoryBytes % SMALL_PAGE_BYTES != 0) {
            throw new IllegalArgumentException("memory_bytes must be > 0 and a multiple of 4096, was " + memoryBytes);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, was " + vcpus);
        }
        if (ioQueues < 0) {
            throw new IllegalArgumentException("io_queues must be >= 0, was " + ioQueues);
        }
        if (ioQueueDepth < 0) {
            throw new IllegalArgumentException("io_queue_depth must be >= 0, was " + ioQueueDepth);
        }
        largePages = List.copyOf(Objects.requireNonNull(largePages, "large_pages"));
        zeroRanges = List.copyOf(Objects.requireNonNull(zeroRanges, "zero_ranges"));
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
        long prevEnd = 0;
        for (LargePageRange r : largePages) {
            if (r.gpa() < prevEnd) {
                throw new IllegalArgumentException("large_pages must be sorted by gpa and not overlap (at gpa " + r.gpa() + ")");
            }
            if (r.endGpa() > memoryBytes) {
                throw new IllegalArgumentException("large_pages range [" + r.gpa() + ", " + r.endGpa() + ") is beyond memory_bytes " + memoryBytes);
            }
            prevEnd = r.endGpa();
        }
        prevEnd = 0;
        for (ZeroRange r : zeroRanges) {
            if (r.gpa() < prevEnd) {
                throw new IllegalArgumentException("zero_ranges must be sorted by gpa and not overlap (at gpa " + r.gpa() + ")");
            }
            if (r.endGpa() > memoryBytes) {
                throw new IllegalArgumentException("zero_ranges range [" + r.gpa() + ", " + r.endGpa() + ") is beyond memory_bytes " + memoryBytes);
            }
            prevEnd = r.endGpa();
        }
    }

    /** The manifest assumed when a trace carries none: every page holds data, no large pages. */
    public static VmManifest assumed(long memoryBytes, int vcpus) {
        return new VmManifest(memoryBytes, vcpus, List.of(), List.of(), 0, 0, Map.of(), true);
    }

    /** Number of 4 KiB pages of guest memory. */
    public long smallPages() {
        return memoryBytes / SMALL_PAGE_BYTES;
    }
}
