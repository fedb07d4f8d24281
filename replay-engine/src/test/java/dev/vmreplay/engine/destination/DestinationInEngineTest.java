package dev.vmreplay.engine.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The destination host inside the engine: end-to-end runs checked against a guest worked out by hand.
 *
 * <p>64 MiB = 16384 small pages; pages 0..8191 are sixteen 2 MiB large pages L0..L15. All-zero at
 * the start: page 1031 (in L2), pages 2660-2661 (in L5), page 4608 (in L9) and pages 10000-10003
 * (outside large pages). From 0 to 0.1 s two vCPUs write random pages of 12000..12499 (never a zero
 * page); the migration starts at 0, its pass 0 alone takes longer than that (QEMU's 128 MiB/s), so
 * every write happens before the stun, and it is over long before 3 s. At 3 s the guest touches pages 0, 1,
 * 2 (L0), 600 (L1), 1032 and 1033 (L2) and 12000..12009, each twice; the post-resume window (10 s)
 * covers them all.
 */
class DestinationInEngineTest {
    static final long SEED = 11;
    static final long MAP_COST = 200;
    static final long FAULT_COST = 2000;

    static InMemoryMemoryTrace guest() {
        VmManifest vm = new VmManifest(64L << 20, 2,
                List.of(new LargePageRange(0, 32L << 20, LargePageRange.PAGE_2M)),
                List.of(new ZeroRange(1031L * 4096, 4096), new ZeroRange(2660L * 4096, 2 * 4096),
                        new ZeroRange(4608L * 4096, 4096), new ZeroRange(10000L * 4096, 4 * 4096)),
                0, 0, Map.of("generator", "DestinationInEngineTest"), false);
        MemoryBatch rows = new MemoryBatch(1024);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 200; i++) {
            rows.add(i * 500_000L, i % 2, (12000 + random.nextInt(500)) * 4096L, 8, MemoryBatch.OP_WRITE);
        }
        long[] touched = {0, 1, 2, 600, 1032, 1033, 12000, 12001, 12002, 12003, 12004, 12005, 12006, 12007, 12008, 12009};
        long t = 3_000_000_000L;
        for (int round = 0; round < 2; round++) {
            for (long page : touched) {
                rows.add(t, (int) (page % 2), page * 4096, 8, MemoryBatch.OP_WRITE);
                t += 1_000;
            }
        }
        return new InMemoryMemoryTrace(rows, vm, 256);
    }

    static Metrics run(String populate, String zeroPages) {
        Map<String, String> settings = Map.of(
                "dest.populate", populate,
                "dest.zero-pages", zeroPages,
                "dest.map-cost", MAP_COST + "ns",
                "dest.fault-cost", FAULT_COST + "ns",
                "post-resume.window", "10s");
        Metrics m = ReplayEngine.run(guest()::reopen, null, Presets.config("qemu-precopy", settings), "test").metrics();
        assertTrue(!m.aborted() && m.totalNanos() < 2_900_000_000L, "the migration must be over before the touches at 3 s: " + m);
        return m;
    }

    @Test
    void leaveUnbackedLosesExactlyTheLargePagesHoldingZeroPagesAndZeroFillNoneForTheSameBytes() {
        Metrics unbacked = run("lazy", "leave-unbacked");
        Metrics filled = run("lazy", "zero-fill-in-large-page");
        assertEquals(3.0 / 16, unbacked.contiguityLoss(), "L2, L5 and L9");
        assertEquals(0.0, filled.contiguityLoss());
        assertEquals(unbacked.bytesSent(), filled.bytesSent(), "the zero-page policy is the destination's business");
        assertEquals(unbacked.zeroPages(), filled.zeroPages());
        assertTrue(unbacked.zeroPages() >= 8, "the 8 zero pages go as markers: " + unbacked);
    }

    @Test
    void lazyFaultsEqualTheDistinctMappingsTouchedAfterResume() {
        // leave-unbacked: L0, L1, pages 1032 and 1033 of the split L2, 10 small pages = 14 mappings.
        Metrics unbacked = run("lazy", "leave-unbacked");
        assertEquals(14, unbacked.postResumeFaults());
        // zero-fill keeps L2 whole: L0, L1, L2 and 10 small pages = 13 mappings.
        Metrics filled = run("lazy", "zero-fill-in-large-page");
        assertEquals(13, filled.postResumeFaults());
        for (String zero : new String[] {"leave-unbacked", "zero-fill-in-large-page"}) {
            assertEquals(0, run("before-resume", zero).postResumeFaults(), zero);
            assertEquals(0, run("during-transfer", zero).postResumeFaults(), zero);
        }
    }

    @Test
    void beforeResumeHasTheLongestDowntimeByExactlyItsMappingWork() {
        // leave-unbacked: 8192 small pages outside + 13 whole large pages + 3 x 512 split = 9741 mappings.
        Metrics lazy = run("lazy", "leave-unbacked");
        Metrics before = run("before-resume", "leave-unbacked");
        Metrics during = run("during-transfer", "leave-unbacked");
        assertEquals(9741 * MAP_COST, before.downtimeNanos() - lazy.downtimeNanos());
        // during-transfer maps as pages land, the three split large pages included: nothing is left for the
        // stun. Each split is 102.4 us of CPU, more than one page on the wire, so it holds the sender back a
        // little and the switch-over moves: the downtime is not exactly lazy's, but nowhere near before-resume's.
        assertTrue(Math.abs(during.downtimeNanos() - lazy.downtimeNanos()) < 9741 * MAP_COST / 10, during + " vs " + lazy);
        assertTrue(before.downtimeNanos() > during.downtimeNanos());
        assertEquals(lazy.bytesSent(), before.bytesSent());
    }

    @Test
    void duringTransferHasTheDowntimeOfLazyWhenTheDestinationCpuKeepsUp() {
        Metrics lazy = run("lazy", "zero-fill-in-large-page");
        Metrics during = run("during-transfer", "zero-fill-in-large-page");
        Metrics before = run("before-resume", "zero-fill-in-large-page");
        assertEquals(lazy.downtimeNanos(), during.downtimeNanos());
        assertEquals(lazy.totalNanos(), during.totalNanos());
        // 8192 small pages + 16 whole large pages.
        assertEquals(8208 * MAP_COST, before.downtimeNanos() - lazy.downtimeNanos());
    }

    @Test
    void aDestinationCpuThatCannotKeepUpSlowsTheTransfer() {
        Metrics lazy = run("lazy", "zero-fill-in-large-page");
        Map<String, String> slow = Map.of("dest.populate", "during-transfer", "dest.zero-pages", "zero-fill-in-large-page",
                "dest.map-cost", "1ms", "post-resume.window", "10s");
        Metrics during = ReplayEngine.run(guest()::reopen, null, Presets.config("qemu-precopy", slow), "test").metrics();
        assertTrue(during.totalNanos() > lazy.totalNanos(), during + " vs " + lazy);
    }
}
