package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.loop.TraceCopies;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code trace.end}: a recording shorter than the migration plus its post-resume window either leaves
 * the guest idle ({@code idle}) or is replayed again and again ({@code loop}).
 *
 * <p>The hand-worked example: a 64-page guest, one page per ms on the link, nothing else costs. One
 * vCPU writes page 0 at 0.5 ms, page 1 at 1.5 ms and page 2 at 20.5 ms, so the period is 20.5 ms and
 * copy k writes at 20.5k + 0.5 (page 0), 20.5k + 1.5 (page 1), 20.5k + 20.5 ms (page 2).
 * <pre>
 * pass 0 [0, 64 ms]   64 pages sent; copies 0..3 write pages 0, 1, 2 -> 3 dirty, 3 fires
 *                     (3 ms expected > 2.5 ms target: another pass)
 * pass 1 [64, 67 ms]  3 pages sent; no write between 63 ms (copy 3, page 1) and 82 ms (copy 3, page 2)
 *                     -> 0 dirty -> switch over; stop-and-copy of nothing, resume at 67 ms
 * window (67, 167 ms] copy 3's 82 ms; copies 4..7 whole; copy 8's 164.5 and 165.5 ms;
 *                     copy 8's 184.5 ms is past the window: the run ends there
 * </pre>
 * With {@code idle} the migration is the same, but nothing touches memory after resume.
 */
class TraceLoopTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static InMemoryMemoryTrace handWorkedTrace() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(500 * US, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(1500 * US, 0, 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(20_500 * US, 0, 2 * 4096 + 100, 8, MemoryBatch.OP_WRITE);
        return new InMemoryMemoryTrace(rows, Guests.manifest(64 * 4096, 1), 2);
    }

    @Test
    void aRecordingDamagedAfterTheRunEndedStillFailsTheRun() {
        MemoryBatch rows = new MemoryBatch(6);
        rows.add(500 * US, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(1500 * US, 0, 4096, 8, MemoryBatch.OP_WRITE);
        rows.add(20_500 * US, 0, 2 * 4096 + 100, 8, MemoryBatch.OP_WRITE);
        rows.add(10_000 * MS, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(9_000 * MS, 0, 0, 8, MemoryBatch.OP_WRITE); // time goes backwards, long after the run ends
        InMemoryMemoryTrace trace = new InMemoryMemoryTrace(rows, Guests.manifest(64 * 4096, 1), 2);
        MigrationConfig config = Presets.config("qemu-precopy", handWorkedSettings("idle"));
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> ReplayEngine.run(trace::reopen, null, config, "damaged"));
        assertTrue(e.getMessage().contains("row 4"), e.getMessage());
    }

    private static Map<String, String> handWorkedSettings(String traceEnd) {
        Map<String, String> s = Guests.frictionless("4000KiB/s", "2500us");
        s.put("post-resume.window", "100ms");
        s.put("trace.end", traceEnd);
        return s;
    }

    /** Records every access after resume: page and the time it happens. */
    static final class TouchRecorder extends ImmediateDestination {
        final List<long[]> touches = new ArrayList<>();

        @Override
        public long touchAfterResume(long page, int vcpu, long nowNanos) {
            touches.add(new long[] {page, nowNanos});
            return 0;
        }
    }

    private static RunResult runWith(DestinationModel dest, Supplier<InMemoryMemoryTrace> trace, MigrationConfig config) {
        ReplayEngine engine = new ReplayEngine(new ModelFactory() {
            @Override
            public DestinationModel destination(MigrationConfig c, VmManifest m) {
                return dest;
            }

            @Override
            public IoReplay ioReplay(MigrationConfig c, Supplier<? extends IoTraceReader> t, VmManifest m) {
                throw new UnsupportedOperationException();
            }
        });
        return engine.replay(trace, null, config, "loop");
    }

    @Test
    void loopedCopiesHappenShiftedByThePeriodAsWorkedByHand() {
        TouchRecorder dest = new TouchRecorder();
        InMemoryMemoryTrace trace = handWorkedTrace();

        RunResult r = runWith(dest, trace::reopen, MigrationConfig.of(handWorkedSettings("loop")));

        Metrics m = r.metrics();
        assertEquals(2, m.iterations(), "passes 0 and 1");
        assertEquals(67 * MS, m.totalNanos());
        assertEquals(0, m.downtimeNanos());
        PassStats pass0 = r.passes().get(0);
        PassStats pass1 = r.passes().get(1);
        assertEquals(List.of(64L, 3L, 3L), List.of(pass0.pagesSent(), pass0.dirtyPagesAtEnd(), pass0.traceFires()));
        assertEquals(List.of(3L, 0L, 0L), List.of(pass1.pagesSent(), pass1.dirtyPagesAtEnd(), pass1.traceFires()));
        assertTrue(r.passes().get(2).finalStopAndCopy());
        assertEquals(0, r.passes().get(2).pagesSent());

        List<long[]> expected = new ArrayList<>();
        expected.add(new long[] {2, 82 * MS});
        for (int k = 4; k <= 7; k++) {
            long shift = k * 20_500 * US;
            expected.add(new long[] {0, shift + 500 * US});
            expected.add(new long[] {1, shift + 1500 * US});
            expected.add(new long[] {2, shift + 20_500 * US});
        }
        expected.add(new long[] {0, 164_500 * US});
        expected.add(new long[] {1, 165_500 * US});
        assertEquals(expected.size(), dest.touches.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], dest.touches.get(i)[0], "page of touch " + i);
            assertEquals(expected.get(i)[1], dest.touches.get(i)[1], "time of touch " + i);
        }
        assertEquals(9, m.traceCopies());
        assertEquals(165_500 * US, m.traceEndNanos());
        assertTrue(m.traceCoversWindow());
    }

    @Test
    void idleGuestTouchesNothingAfterItsRecordingEnds() {
        TouchRecorder dest = new TouchRecorder();
        InMemoryMemoryTrace trace = handWorkedTrace();

        RunResult r = runWith(dest, trace::reopen, MigrationConfig.of(handWorkedSettings("idle")));

        assertEquals(67 * MS, r.metrics().totalNanos());
        assertEquals(3, r.passes().get(0).dirtyPagesAtEnd());
        assertEquals(0, dest.touches.size());
        assertEquals(1, r.metrics().traceCopies());
        assertEquals(20_500 * US, r.metrics().traceEndNanos());
        assertFalse(r.metrics().traceCoversWindow());
    }

    @Test
    void recordingLongerThanTheRunCoversTheWindowWithoutLooping() {
        Map<String, String> s = handWorkedSettings("loop");
        s.put("post-resume.window", "0");
        s.put("migration.start", "1ms");
        s.put("link.bandwidth", "4096000000B/s"); // 1 us a page: resume at 1.064 ms, before the 1.5 ms write
        RunResult r = runWith(new TouchRecorder(), handWorkedTrace()::reopen, MigrationConfig.of(s));

        assertEquals(1, r.metrics().traceCopies());
        assertTrue(r.metrics().traceCoversWindow());
        assertEquals(500 * US, r.metrics().traceEndNanos(), "only the first write happens before the run ends");
    }

    /**
     * A 64 MiB guest whose 0.2 s recording is far shorter than its migration (0.5 s at QEMU's 128 MiB/s)
     * plus a 300 ms window. Lazy population faults once per distinct page touched in the window; with no
     * fault, fire or install cost every vCPU's stall after resume is exactly the downtime, so the pages
     * touched in the window are those of the looped events with trace time in [stun, stun + window].
     */
    @Test
    void lazyPopulationOnALoopedShortTraceFaultsOncePerDistinctPageTouchedInTheWindow() {
        long seed = 11;
        long period = 200 * MS;
        MemoryBatch rows = new MemoryBatch(4000);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 4000; i++) {
            long t = i == 3999 ? period : i * 50 * US;
            rows.add(t, i % 2, random.nextLong(4096) * 4096, i % 5 == 0 ? 4096 : 8,
                    i % 7 == 0 ? MemoryBatch.OP_READ : MemoryBatch.OP_WRITE);
        }
        VmManifest vm = Guests.manifest(64L << 20, 2);
        InMemoryMemoryTrace trace = new InMemoryMemoryTrace(rows, vm, 1000);
        Map<String, String> s = new HashMap<>(Map.of("post-resume.window", "300ms", "dest.fault-cost", "0",
                "trace.fire-cost", "0", "trace.install-cost", "0", "trace.end", "loop"));

        Metrics loop = ReplayEngine.run(trace::reopen, null, Presets.config("qemu-precopy", s), "loop").metrics();

        long start = 0;
        long resume = start + loop.totalNanos();
        long stun = resume - loop.downtimeNanos();
        long windowEnd = stun + 300 * MS; // trace time of the window's end: wall = trace time + downtime
        TreeSet<Long> touched = new TreeSet<>();
        long lastTrace = 0;
        for (int k = 0; k * period <= windowEnd; k++) {
            for (int i = 0; i < rows.size; i++) {
                long t = rows.timeNanos[i] + k * period;
                if (t >= stun && t <= windowEnd) {
                    touched.add(rows.gpa[i] >>> 12);
                    lastTrace = Math.max(lastTrace, t);
                }
            }
        }
        assertTrue(loop.totalNanos() > period, "the migration outlasts the recording: " + loop);
        assertTrue(touched.size() > 1000, "a window touching many pages: " + touched.size());
        assertEquals(touched.size(), loop.postResumeFaults(), "seed " + seed);
        assertEquals(lastTrace, loop.traceEndNanos());
        assertEquals(lastTrace / period + 1, loop.traceCopies());
        assertTrue(loop.traceCoversWindow());

        s.put("trace.end", "idle");
        Metrics idle = ReplayEngine.run(trace::reopen, null, Presets.config("qemu-precopy", s), "idle").metrics();
        assertEquals(0, idle.postResumeFaults());
        assertFalse(idle.traceCoversWindow());
        assertEquals(period, idle.traceEndNanos());
        assertEquals(1, idle.traceCopies());
    }

    @Test
    void loopedReplayIsDeterministic() {
        Map<String, String> s = new HashMap<>(Map.of("post-resume.window", "300ms", "trace.end", "loop"));
        RunResult a = ReplayEngine.run(Guests.randomWriter(64L << 20, 4, 8192, 20000, 0.2, 3)::reopen, null,
                Presets.config("qemu-precopy", s), "a");
        RunResult b = ReplayEngine.run(Guests.randomWriter(64L << 20, 4, 8192, 20000, 0.2, 3)::reopen, null,
                Presets.config("qemu-precopy", s), "a");
        assertEquals(a, b);
        assertTrue(a.metrics().traceCopies() > 1, a.metrics().toString());
    }

    @Test
    void emptyRecordingIsNotLooped() {
        InMemoryMemoryTrace empty = new InMemoryMemoryTrace(new MemoryBatch(1), Guests.manifest(64 * 4096, 1));
        RunResult r = runWith(new TouchRecorder(), empty::reopen, MigrationConfig.of(handWorkedSettings("loop")));
        assertEquals(1, r.metrics().traceCopies());
        assertEquals(0, r.metrics().traceEndNanos());
        assertFalse(r.metrics().traceCoversWindow());
        assertEquals(64, r.metrics().pagesSent());
    }

    @Test
    void loopThatWouldNeverEndFailsNamingTheKey() {
        MemoryBatch rows = new MemoryBatch(1);
        rows.add(0, 0, 0, 8, MemoryBatch.OP_WRITE); // period 1 ns: a 1 s window would need 10^9 copies
        InMemoryMemoryTrace trace = new InMemoryMemoryTrace(rows, Guests.manifest(64 * 4096, 1));
        Map<String, String> s = handWorkedSettings("loop");
        s.put("post-resume.window", "1s");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runWith(new TouchRecorder(), trace::reopen, MigrationConfig.of(s)));
        assertTrue(e.getMessage().contains("trace.end") && e.getMessage().contains("" + TraceCopies.MAX_COPIES), e.getMessage());
    }

    @Test
    void recordingThatChangesBetweenCopiesIsAnError() {
        InMemoryMemoryTrace first = handWorkedTrace();
        MemoryBatch shorter = new MemoryBatch(2);
        shorter.add(500 * US, 0, 0, 8, MemoryBatch.OP_WRITE);
        shorter.add(1500 * US, 0, 4096, 8, MemoryBatch.OP_WRITE);
        InMemoryMemoryTrace second = new InMemoryMemoryTrace(shorter, Guests.manifest(64 * 4096, 1));
        int[] opened = {0};
        Supplier<InMemoryMemoryTrace> opener = () -> opened[0]++ == 0 ? first.reopen() : second.reopen();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runWith(new TouchRecorder(), opener, MigrationConfig.of(handWorkedSettings("loop"))));
        assertTrue(e.getMessage().contains("changed between copies"), e.getMessage());
    }

    @Test
    void unknownTraceEndIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MigrationConfig.of(Map.of("trace.end", "forever")));
        assertTrue(e.getMessage().contains("trace.end"), e.getMessage());
        assertEquals("idle", MigrationConfig.defaults().effectiveSettings().get("trace.end"));
    }

    @Test
    void copyLimitIsEnforcedByTheBookkeeping() {
        TraceCopies copies = new TraceCopies(true, "memory trace", 3);
        copies.read(2, 10);
        assertTrue(copies.copyEnded());
        copies.next();
        assertEquals(10, copies.offsetNanos());
        copies.read(2, 10);
        assertTrue(copies.copyEnded());
        copies.next();
        assertEquals(20, copies.offsetNanos());
        copies.read(2, 10);
        assertTrue(copies.copyEnded());
        assertThrows(IllegalArgumentException.class, copies::next);
    }

    @Test
    void heldEventsCanTellApartEveryCopyALoopMayReplay() {
        // held events carry their copy in 24 bits (VcpuQueues.lenOp); the loop's cap must stay below that
        assertTrue(TraceCopies.MAX_COPIES <= VcpuQueues.MAX_COPY);
        long lenOp = VcpuQueues.lenOp(Integer.MAX_VALUE, MemoryBatch.OP_WRITE_ZEROS, TraceCopies.MAX_COPIES);
        assertEquals(Integer.MAX_VALUE, VcpuQueues.lengthOf(lenOp));
        assertEquals(TraceCopies.MAX_COPIES, VcpuQueues.copyOf(lenOp));
        assertEquals(MemoryBatch.OP_WRITE_ZEROS, (byte) lenOp);
    }
}
