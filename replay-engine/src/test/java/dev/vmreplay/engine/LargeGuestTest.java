package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 1 TiB guest replays with per-page state of one bit per page per bitmap: the source keeps six
 * bitmaps (written since sent, zero, dirty and 4 KiB traces armed interleaved in one array; to send;
 * ever sent), 32 MiB each at 1 TiB. The heap the run holds is measured while it runs, so a field of
 * a byte or an int per page (256 MiB or 1 GiB more) fails the test.
 */
class LargeGuestTest {
    private static final long TIB = 1L << 40;
    /** Source bitmaps of one bit per page (see the class comment). */
    private static final int SOURCE_BITMAPS = 6;

    @Test
    void tebibyteGuestMigratesHoldingOnlyItsSourceBitmaps() {
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
        MeasuringReader trace = new MeasuringReader(new InMemoryMemoryTrace(rows, vm));
        long before = RetainedHeap.bytesAfterGc();
        // the source side and the link only: the destination's own 1 TiB budget is tested in engine.destination
        RunResult r = new ReplayEngine(ModelFactory.IMMEDIATE).replay(() -> trace, null, c, "1TiB");
        Metrics m = r.metrics();
        assertTrue(m.converged());
        assertEquals(memory / 4096, m.pagesSent() + m.zeroPages() - m.pagesResent());

        assertTrue(trace.bytesAtEnd >= 0, "the replay read the trace to its end");
        long held = trace.bytesAtEnd - before;
        long expected = RetainedHeap.bitmapBytes(memory / 4096, SOURCE_BITMAPS);
        assertTrue(held >= expected / 2 && held <= 2 * expected,
                "heap held by the run at the trace's end: " + held + " bytes, expected about " + expected
                        + " (" + SOURCE_BITMAPS + " bitmaps of one bit per page)");
    }

    /** Reads like its delegate; at the trace's end, while the run still holds its state, measures the heap. */
    private static final class MeasuringReader implements MemoryTraceReader {
        private final MemoryTraceReader delegate;
        long bytesAtEnd = -1;

        MeasuringReader(MemoryTraceReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean next(MemoryBatch batch) {
            boolean more = delegate.next(batch);
            if (!more && bytesAtEnd < 0) {
                bytesAtEnd = RetainedHeap.bytesAfterGc();
            }
            return more;
        }

        @Override
        public VmManifest manifest() {
            return delegate.manifest();
        }

        @Override
        public long rowCount() {
            return delegate.rowCount();
        }

        @Override
        public Path path() {
            return delegate.path();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
