package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A 1 TiB guest replays in the 2 GiB test heap: per-page state is a handful of bitmaps. */
class LargeGuestTest {
    private static final long TIB = 1L << 40;

    @Test
    void perPageStateOfATebibyteGuestIsAFewBitmaps() {
        // sent, zero, to-send, dirty, stale, traces (+ valid for post-copy): 32 MiB each
        assertEquals(32L << 20, new Bitmap(TIB / 4096).heapBytes());
    }

    @Test
    void tebibyteGuestMigratesWithinTheTestHeap() {
        // Mostly zero (as a freshly booted large guest is), a sparse trace of 200k writes over 10 s.
        long memory = TIB;
        VmManifest vm = new VmManifest(memory, 8, List.of(), List.of(new ZeroRange(64L << 30, memory - (64L << 30))),
                0, 0, Map.of(), false);
        SplittableRandom rnd = new SplittableRandom(99);
        MemoryBatch rows = new MemoryBatch(200_000);
        for (int i = 0; i < 200_000; i++) {
            rows.add(i * 50_000L, i % 8, rnd.nextLong(memory / 4096) * 4096, 64, MemoryBatch.OP_WRITE);
        }
        MigrationConfig c = Presets.config("qemu-precopy", Map.of("precopy.max-bandwidth", "unlimited",
                "link.bandwidth", "100Gbit/s", "trace.install-cost", "0"));
        Runtime rt = Runtime.getRuntime();
        // the source side and the link only: the destination's own 1 TiB budget is tested in engine.destination
        RunResult r = new ReplayEngine(ModelFactory.IMMEDIATE).replay(new InMemoryMemoryTrace(rows, vm)::reopen, null, c, "1TiB");
        Metrics m = r.metrics();
        assertTrue(m.converged());
        assertEquals(memory / 4096, m.pagesSent() + m.zeroPages() - m.pagesResent());
        assertTrue(rt.maxMemory() <= 2L << 30, "runs under the 2 GiB surefire heap: " + rt.maxMemory());
    }
}
