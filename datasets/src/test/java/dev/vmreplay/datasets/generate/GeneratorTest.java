package dev.vmreplay.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorTest {
    private static final long MIB = 1L << 20;
    private static final long SECOND = 1_000_000_000L;
    private static final Path MEM = Path.of("mem.parquet");
    private static final Path IO = Path.of("io.parquet");

    static Stream<String> workloadNames() {
        return Workloads.all().stream().map(Workload::name);
    }

    private static CollectingOutputs run(String workload, GuestSpec guest, Map<String, String> params) {
        CollectingOutputs out = new CollectingOutputs();
        Generator.generate(Workloads.byName(workload), guest, params, out, MEM, IO);
        return out;
    }

    @ParameterizedTest
    @MethodSource("workloadNames")
    void sameSeedGivesIdenticalRows(String workload) {
        GuestSpec guest = new GuestSpec(256 * MIB, 3, SECOND / 2, 42);
        CollectingOutputs a = run(workload, guest, Map.of());
        CollectingOutputs b = run(workload, guest, Map.of());
        MemoryBatch x = a.memory.get(MEM);
        MemoryBatch y = b.memory.get(MEM);
        assertTrue(x.size > 10, workload + " wrote only " + x.size + " rows");
        assertEquals(x.size, y.size);
        assertArrayEquals(Arrays.copyOf(x.timeNanos, x.size), Arrays.copyOf(y.timeNanos, y.size));
        assertArrayEquals(Arrays.copyOf(x.gpa, x.size), Arrays.copyOf(y.gpa, y.size));
        assertArrayEquals(Arrays.copyOf(x.vcpu, x.size), Arrays.copyOf(y.vcpu, y.size));
        assertArrayEquals(Arrays.copyOf(x.op, x.size), Arrays.copyOf(y.op, y.size));
        assertEquals(a.manifests.get(MEM), b.manifests.get(MEM));
        if (Workloads.byName(workload).writesIo()) {
            IoBatch p = a.io.get(IO);
            IoBatch q = b.io.get(IO);
            assertEquals(p.size, q.size);
            assertArrayEquals(Arrays.copyOf(p.serviceNanos, p.size), Arrays.copyOf(q.serviceNanos, q.size));
            assertArrayEquals(Arrays.copyOf(p.offsetBytes, p.size), Arrays.copyOf(q.offsetBytes, q.size));
        }
    }

    @ParameterizedTest
    @MethodSource("workloadNames")
    void differentSeedGivesDifferentRows(String workload) {
        Map<String, String> params = workload.equals("sequential") ? Map.of("layout", "scattered") : Map.of();
        MemoryBatch x = run(workload, new GuestSpec(256 * MIB, 2, SECOND / 2, 1), params).memory.get(MEM);
        MemoryBatch y = run(workload, new GuestSpec(256 * MIB, 2, SECOND / 2, 2), params).memory.get(MEM);
        assertFalse(Arrays.equals(Arrays.copyOf(x.gpa, x.size), Arrays.copyOf(y.gpa, y.size)), workload);
    }

    @ParameterizedTest
    @MethodSource("workloadNames")
    void provenanceNamesGeneratorSeedAndParameters(String workload) {
        VmManifest m = run(workload, new GuestSpec(64 * MIB, 1, SECOND / 10, 7), Map.of()).manifests.get(MEM);
        assertEquals("generated", m.provenance().get("source"));
        assertEquals(workload, m.provenance().get("generator"));
        assertEquals(7L, m.provenance().get("seed"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) m.provenance().get("parameters");
        assertTrue(params.containsKey("rate"));
        assertFalse(m.assumed());
    }

    @Test
    void uniformRateIsWithinTwoPercentAndVcpusShareIt() {
        long seed = 11;
        GuestSpec guest = new GuestSpec(512 * MIB, 4, 2 * SECOND, seed);
        MemoryBatch rows = run("uniform", guest, Map.of("rate", "100k/s")).memory.get(MEM);
        double expected = 100_000.0 * 2;
        assertEquals(expected, rows.size, expected * 0.02, "seed " + seed);
        int[] perVcpu = new int[4];
        for (int i = 0; i < rows.size; i++) {
            perVcpu[rows.vcpu[i]]++;
        }
        for (int v = 0; v < 4; v++) {
            assertEquals(expected / 4, perVcpu[v], expected / 4 * 0.03, "vcpu " + v + " seed " + seed);
        }
    }

    @Test
    void byteRateIsReadAsFourKibPages() {
        GuestSpec guest = new GuestSpec(256 * MIB, 2, SECOND, 3);
        MemoryBatch rows = run("uniform", guest, Map.of("rate", "400MiB/s")).memory.get(MEM);
        assertEquals(102_400, rows.size, 102_400 * 0.02);
    }

    @Test
    void hotColdPopularityFollowsZipfSkew() {
        double skew = 1.2;
        long seed = 5;
        GuestSpec guest = new GuestSpec(64 * MIB, 2, 3 * SECOND, seed);
        MemoryBatch rows = run("hot-cold", guest, Map.of("rate", "100k/s", "skew", "1.2", "working-set", "100%"))
                .memory.get(MEM);
        // Rank r lives at page perm(r - 1): count each of the top ranks.
        PagePermutation perm = new PagePermutation(guest.pages(), seed ^ 0x5CA77E4L);
        int ranks = 30;
        long[] pageOfRank = new long[ranks];
        for (int r = 0; r < ranks; r++) {
            pageOfRank[r] = perm.apply(r);
        }
        long[] counts = new long[ranks];
        for (int i = 0; i < rows.size; i++) {
            long page = rows.gpa[i] / 4096;
            for (int r = 0; r < ranks; r++) {
                if (pageOfRank[r] == page) {
                    counts[r]++;
                    break;
                }
            }
        }
        // Least-squares slope of log(count) on log(rank) estimates -skew.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int r = 0; r < ranks; r++) {
            double x = Math.log(r + 1);
            double y = Math.log(counts[r]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (ranks * sxy - sx * sy) / (ranks * sxx - sx * sx);
        assertEquals(-skew, slope, 0.05, "seed " + seed + " counts " + Arrays.toString(counts));
        // And the hottest page takes its Zipf share: 1 / H(n, s).
        double harmonic = 0;
        for (long k = 1; k <= guest.pages(); k++) {
            harmonic += Math.pow(k, -skew);
        }
        assertEquals(rows.size / harmonic, counts[0], rows.size / harmonic * 0.03, "seed " + seed);
    }

    @Test
    void zeroingWritesZerosAtTheRequestedShare() {
        long seed = 9;
        MemoryBatch rows = run("zeroing", new GuestSpec(256 * MIB, 2, SECOND, seed),
                Map.of("rate", "100k/s", "zeroing-share", "30%")).memory.get(MEM);
        long zeros = 0;
        for (int i = 0; i < rows.size; i++) {
            if (rows.op[i] == MemoryBatch.OP_WRITE_ZEROS) {
                zeros++;
            } else {
                assertEquals(MemoryBatch.OP_WRITE, rows.op[i]);
            }
        }
        assertEquals(0.30, (double) zeros / rows.size, 0.01, "seed " + seed);
    }

    @Test
    void manifestCarriesRequestedZeroAndLargePageShares() {
        long memory = 3L << 30;
        VmManifest m = run("idle", new GuestSpec(memory, 1, SECOND / 10, 1),
                Map.of("zero-memory", "60%", "large-page-share", "25%")).manifests.get(MEM);
        long zeroBytes = m.zeroRanges().stream().mapToLong(ZeroRange::bytes).sum();
        long largeBytes = m.largePages().stream().mapToLong(LargePageRange::bytes).sum();
        assertEquals(0.60 * memory, zeroBytes, 3 * 4096);
        assertEquals(0.25 * memory, largeBytes, 3 * (2 * MIB));
        assertEquals(3, m.zeroRanges().size());
        assertEquals(3, m.largePages().size());
        // 25% large pages at the start and 60% zeros at the end of each region do not meet.
        assertTrue(m.largePages().get(0).endGpa() <= m.zeroRanges().get(0).gpa());
    }

    @Test
    void oneGibLargePagesCoverWholeRegions() {
        VmManifest m = run("idle", new GuestSpec(4L << 30, 1, SECOND / 10, 1),
                Map.of("large-page-share", "50%", "large-page-size", "1GiB")).manifests.get(MEM);
        assertEquals(List.of(new LargePageRange(0, 2L << 30, LargePageRange.PAGE_1G)), m.largePages());
    }

    @Test
    void burstyWritesAtBurstRateInBurstsAndQuietRateOtherwise() {
        long seed = 13;
        MemoryBatch rows = run("bursty", new GuestSpec(256 * MIB, 2, 4 * SECOND, seed),
                Map.of("rate", "50k/s", "quiet-rate", "5k/s", "burst", "250ms", "quiet", "750ms")).memory.get(MEM);
        long inBurst = 0;
        long inQuiet = 0;
        for (int i = 0; i < rows.size; i++) {
            if (rows.timeNanos[i] % SECOND < 250_000_000L) {
                inBurst++;
            } else {
                inQuiet++;
            }
        }
        assertEquals(50_000 * 4 * 0.25, inBurst, 50_000 * 4 * 0.25 * 0.02, "seed " + seed);
        assertEquals(5_000 * 4 * 0.75, inQuiet, 5_000 * 4 * 0.75 * 0.03, "seed " + seed);
    }

    @Test
    void sequentialIsTheClosedFormStreamingWriter() {
        // 1000 pages/s on 2 vCPUs for 1 s: each vCPU writes every 2 ms, vCPU 1 offset by 1 ms.
        MemoryBatch rows = run("sequential", new GuestSpec(64 * MIB, 2, SECOND, 0),
                Map.of("rate", "1000/s", "working-set", "400KiB")).memory.get(MEM);
        assertEquals(1000, rows.size);
        // 100 pages: vCPU 0 owns pages 0..49, vCPU 1 pages 50..99, each written in order and wrapping.
        for (int i = 0; i < rows.size; i++) {
            int v = rows.vcpu[i];
            long k = i / 2;
            assertEquals(v, i % 2, "alternating vCPUs at row " + i);
            assertEquals(k * 2_000_000L + v * 1_000_000L, rows.timeNanos[i], "row " + i);
            assertEquals((v * 50L + k % 50) * 4096, rows.gpa[i], "row " + i);
        }
    }

    @Test
    void databaseWritesIoAtTheRequestedRateAndServiceMean() {
        long seed = 17;
        CollectingOutputs out = run("database", new GuestSpec(256 * MIB, 2, 4 * SECOND, seed),
                Map.of("io-rate", "20k/s", "io-queues", "4", "service-dist", "lognormal", "service-mean", "100us"));
        IoBatch io = out.io.get(IO);
        assertEquals(80_000, io.size, 80_000 * 0.02, "seed " + seed);
        long[] perQueue = new long[4];
        double serviceSum = 0;
        long reads = 0;
        long flushes = 0;
        for (int i = 0; i < io.size; i++) {
            perQueue[io.queue[i]]++;
            serviceSum += io.serviceNanos[i];
            assertEquals(i, io.requestId[i]);
            if (io.op[i] == IoBatch.OP_READ) {
                reads++;
            } else if (io.op[i] == IoBatch.OP_FLUSH) {
                flushes++;
                assertEquals(0, io.lengthBytes[i]);
            } else {
                assertEquals(16384, io.lengthBytes[i]);
                assertEquals(0, io.offsetBytes[i] % 16384);
            }
        }
        for (long q : perQueue) {
            assertEquals(20_000, q, 20_000 * 0.04, "seed " + seed);
        }
        assertEquals(100_000, serviceSum / io.size, 100_000 * 0.02, "seed " + seed);
        assertEquals(0.70, (double) reads / (io.size - flushes), 0.01);
        assertEquals(0.01, (double) flushes / io.size, 0.002);
        VmManifest m = out.manifests.get(IO);
        assertEquals(4, m.ioQueues());
        assertEquals(32, m.ioQueueDepth());
    }

    @Test
    void unknownParameterIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("uniform", new GuestSpec(64 * MIB, 1, SECOND, 1), Map.of("rat", "5")));
        assertTrue(e.getMessage().contains("'rat'"), e.getMessage());
    }

    @Test
    void badParameterValueIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("uniform", new GuestSpec(64 * MIB, 1, SECOND, 1), Map.of("rate", "fast")));
        assertTrue(e.getMessage().contains("rate"), e.getMessage());
    }

    @Test
    void databaseNeedsAnIoOutput() {
        CollectingOutputs out = new CollectingOutputs();
        assertThrows(IllegalArgumentException.class, () -> Generator.generate(Workloads.byName("database"),
                new GuestSpec(64 * MIB, 1, SECOND, 1), Map.of(), out, MEM, null));
    }

    @Test
    void permutationIsABijection() {
        for (long n : new long[] {1, 2, 3, 1000, 4097}) {
            PagePermutation p = new PagePermutation(n, 99);
            boolean[] seen = new boolean[(int) n];
            for (long i = 0; i < n; i++) {
                long y = p.apply(i);
                assertTrue(y >= 0 && y < n);
                assertFalse(seen[(int) y], "n " + n + " collision at " + y);
                seen[(int) y] = true;
            }
        }
    }

    @Test
    void idleGuestIsMostlyZeroWithATrickleOfWritesToASmallSet() {
        long seed = 21;
        CollectingOutputs out = run("idle", new GuestSpec(2L << 30, 2, 20 * SECOND, seed), Map.of());
        MemoryBatch rows = out.memory.get(MEM);
        VmManifest m = out.manifests.get(MEM);
        assertEquals(2000, rows.size, 2000 * 0.1, "100 writes/s for 20 s, seed " + seed);
        long zeroBytes = m.zeroRanges().stream().mapToLong(ZeroRange::bytes).sum();
        assertEquals(0.9, (double) zeroBytes / m.memoryBytes(), 0.001);
        java.util.Set<Long> pages = new java.util.HashSet<>();
        for (int i = 0; i < rows.size; i++) {
            pages.add(rows.gpa[i]);
        }
        assertTrue(pages.size() <= 4096, "16 MiB working set: " + pages.size() + " pages");
    }
}
