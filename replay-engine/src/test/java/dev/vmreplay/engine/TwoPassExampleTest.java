package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 16-page guest over a link that moves one page per microsecond, worked by hand:
 *
 * <pre>
 * pass 0, 0..16 us: pages 0..15, page k on the wire during [k, k+1) us.
 *   2.5 us write page 1 (already sent)      -> dirty
 *   3.5 us write page 10 (not yet sent)     -> dirty (sent at 10 us with the new content, resent anyway)
 *  12.5 us write page 5                      -> dirty
 * sync at 16 us: {1, 5, 10}, 3 us expected > 2 us target: pass 1
 * pass 1, 16..19 us: page 1 [16,17), page 5 [17,18), page 10 [18,19)
 *  17.5 us write page 10 (before it is sent) -> dirty
 *  18.5 us write page 3                      -> dirty
 * sync at 19 us: {3, 10}, 2 us expected <= 2 us: stun
 * stop-and-copy 19..21 us: page 3, page 10. Downtime 2 us, 21 pages, 5 of them resent.
 * </pre>
 */
class TwoPassExampleTest {
    private static final long US = 1000;

    /** One page arrival as the destination saw it. */
    record Arrival(long page, boolean duringStun, long arrivalNanos) {
    }

    static final class RecordingDestination extends ImmediateDestination {
        final List<Arrival> arrivals = new ArrayList<>();

        @Override
        public long pageArrived(long page, boolean zeroMarker, boolean duringStun, long arrivalNanos) {
            arrivals.add(new Arrival(page, duringStun, arrivalNanos));
            return arrivalNanos;
        }
    }

    @Test
    void sixteenPageGuestMigratesPageByPageAsWorkedByHand() {
        MemoryBatch rows = new MemoryBatch(8);
        rows.add(2_500, 0, 1 * 4096 + 100, 8, MemoryBatch.OP_WRITE);
        rows.add(3_500, 0, 10 * 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(12_500, 0, 5 * 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(17_500, 0, 10 * 4096 + 4000, 8, MemoryBatch.OP_WRITE);
        rows.add(18_500, 0, 3 * 4096, 8, MemoryBatch.OP_WRITE);
        VmManifest vm = Guests.manifest(16 * 4096, 1);
        var trace = new InMemoryMemoryTrace(rows, vm, 2);
        // 4096 bytes per microsecond
        MigrationConfig config = MigrationConfig.of(Guests.frictionless("4096000000B/s", "2us"));
        RecordingDestination dest = new RecordingDestination();
        ReplayEngine engine = new ReplayEngine(new ModelFactory() {
            @Override
            public DestinationModel destination(MigrationConfig c, VmManifest m) {
                return dest;
            }

            @Override
            public IoReplay ioReplay(MigrationConfig c, java.util.function.Supplier<? extends IoTraceReader> t, VmManifest m) {
                throw new UnsupportedOperationException();
            }
        });

        RunResult r = engine.replay(trace::reopen, null, config, "two-pass");

        List<Arrival> expected = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            expected.add(new Arrival(k, false, (k + 1) * US));
        }
        expected.add(new Arrival(1, false, 17 * US));
        expected.add(new Arrival(5, false, 18 * US));
        expected.add(new Arrival(10, false, 19 * US));
        expected.add(new Arrival(3, true, 20 * US));
        expected.add(new Arrival(10, true, 21 * US));
        assertEquals(expected, dest.arrivals);

        Metrics m = r.metrics();
        assertEquals(2, m.iterations());
        assertEquals(21, m.pagesSent());
        assertEquals(5, m.pagesResent());
        assertEquals(21 * 4096, m.bytesSent());
        assertEquals(2 * US, m.downtimeNanos());
        assertEquals(21 * US, m.totalNanos());
        assertTrue(m.converged());
        // 16 installs at start, then 3 re-armed after pass 0 (pages 1, 5, 10); 5 fires in all
        assertEquals(16 + 3, m.traceInstalls());
        assertEquals(5, m.traceFires());

        List<PassStats> p = r.passes();
        assertEquals(List.of(
                new PassStats(0, 0, 16 * US, 16, 16 * 4096, 3, 16, 3, 0, false),
                new PassStats(1, 16 * US, 3 * US, 3, 3 * 4096, 2, 3, 2, 0, false),
                new PassStats(2, 19 * US, 2 * US, 2, 2 * 4096, 0, 0, 0, 0, true)), p);
    }
}
