package dev.vmreplay.engine;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic guests for engine tests, built in memory. */
final class Guests {
    private Guests() {
    }

    static VmManifest manifest(long memoryBytes, int vcpus) {
        return new VmManifest(memoryBytes, vcpus, List.of(), List.of(), 0, 0, Map.of("generator", "test"), false);
    }

    /**
     * One vCPU writing distinct pages in address order, cyclically, at {@code pagesPerSec}, for {@code seconds}.
     */
    static InMemoryMemoryTrace sequentialCyclicWriter(long memoryBytes, long pagesPerSec, double seconds) {
        long pages = memoryBytes / 4096;
        long n = (long) (seconds * pagesPerSec);
        MemoryBatch rows = new MemoryBatch((int) Math.max(1, n));
        for (long j = 0; j < n; j++) {
            long t = Math.round(j * 1e9 / pagesPerSec);
            rows.add(t, 0, (j % pages) * 4096, 4096, MemoryBatch.OP_WRITE);
        }
        return new InMemoryMemoryTrace(rows, manifest(memoryBytes, 1), 4096);
    }

    /**
     * {@code vcpus} vCPUs writing uniformly random pages in {@code [0, hotPages)} at {@code pagesPerSec} in all.
     */
    static InMemoryMemoryTrace randomWriter(long memoryBytes, int vcpus, long hotPages, long pagesPerSec,
                                            double seconds, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long n = (long) (seconds * pagesPerSec);
        MemoryBatch rows = new MemoryBatch((int) Math.max(1, n));
        for (long j = 0; j < n; j++) {
            long t = Math.round(j * 1e9 / pagesPerSec);
            rows.add(t, (int) (j % vcpus), rnd.nextLong(hotPages) * 4096, 8, MemoryBatch.OP_WRITE);
        }
        return new InMemoryMemoryTrace(rows, manifest(memoryBytes, vcpus), 4096);
    }

    /** Settings that switch every cost and header off, for closed-form checks. */
    static Map<String, String> frictionless(String bandwidth, String target) {
        return new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("migration.mode", "precopy"),
                Map.entry("link.bandwidth", bandwidth),
                Map.entry("link.latency", "0"),
                Map.entry("link.page-header-bytes", "0"),
                Map.entry("zero.detect", "off"),
                Map.entry("precopy.downtime-target", target),
                Map.entry("precopy.max-bandwidth", "unlimited"),
                Map.entry("precopy.sync", "pass-end"),
                Map.entry("trace.install-cost", "0"),
                Map.entry("trace.fire-cost", "0"),
                Map.entry("device.state-bytes", "0"),
                Map.entry("post-resume.window", "0")));
    }
}
