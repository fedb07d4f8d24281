package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.HostModels;
import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.ModelFactory;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.trace.InMemoryIoTrace;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code trace.end = loop} on the IO trace: a 0.3 s recording of two queues is replayed copy after
 * copy through a migration and a 2 s window. Every request of every copy is taken from its ring in
 * the recorded order, copy after copy, and completes exactly once; the replay's own exactly-once check
 * (ring positions) holds across copies.
 */
class LoopedIoReplayTest {
    private static final long SEED = 21;
    private static final int ROWS = 300;

    private static IoBatch rows() {
        SplittableRandom random = new SplittableRandom(SEED);
        IoBatch rows = new IoBatch(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(i * 1_000_000L + random.nextLong(1000), i % 2, 1000 + i, IoBatch.OP_READ, i * 4096L, 4096,
                    100_000 + random.nextLong(30_000_000));
        }
        return rows;
    }

    /** Sees every request; keeps the SR-IOV replay the engine built to read its counters. */
    private static final class Capture implements ModelFactory, RequestObserver {
        final List<List<long[]>> taken = List.of(new ArrayList<>(), new ArrayList<>());
        final long[] completedPerQueue = new long[2];
        SriovIoReplay replay;

        @Override
        public DestinationModel destination(MigrationConfig config, VmManifest manifest) {
            return new HostModels().destination(config, manifest);
        }

        @Override
        public IoReplay ioReplay(MigrationConfig config, Supplier<? extends IoTraceReader> trace, VmManifest manifest) {
            replay = IoReplays.open(HostModels.sriovSpec(config), trace,
                    config.run().traceEnd() == MigrationConfig.TraceEnd.LOOP);
            replay.observe(this);
            return replay;
        }

        @Override
        public void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean viaPf) {
            taken.get(queue).add(new long[] {requestId, traceNanos});
        }

        @Override
        public void completed(int queue, long requestId, long completionNanos) {
            completedPerQueue[queue]++;
        }
    }

    private static RunResult run(Capture capture, String preset) {
        IoBatch rows = rows();
        MigrationConfig config = Presets.config(preset, Map.of("post-resume.window", "2s", "trace.end", "loop"));
        return new ReplayEngine(capture).replay(SriovInEngineTest.guest()::reopen,
                () -> new InMemoryIoTrace(rows, IoTraces.manifest(2, 4), 64), config, preset);
    }

    @Test
    void everyRequestOfEveryCopyIsTakenInRecordedOrderAndCompletesOnce() {
        for (String preset : List.of("qemu-precopy", "+quiesce-vf")) {
            Capture capture = new Capture();
            run(capture, preset);
            SriovIoReplay replay = capture.replay;
            int copies = replay.traceCopies();
            assertTrue(copies > 5, preset + ": the recording is far shorter than the run, copies " + copies);
            assertEquals((long) copies * ROWS, replay.requestsQueued(), preset + ", seed " + SEED);
            assertEquals(replay.requestsQueued(), replay.requestsCompleted(), preset + ", seed " + SEED);

            IoBatch rows = rows();
            long period = rows.timeNanos[ROWS - 1];
            for (int q = 0; q < 2; q++) {
                List<long[]> expected = new ArrayList<>();
                for (int k = 0; k < copies; k++) {
                    for (int i = 0; i < ROWS; i++) {
                        if (rows.queue[i] == q) {
                            expected.add(new long[] {rows.requestId[i], rows.timeNanos[i] + k * period});
                        }
                    }
                }
                List<long[]> seen = capture.taken.get(q);
                assertEquals(expected.size(), seen.size(), preset + ": queue " + q + ", seed " + SEED);
                for (int j = 0; j < expected.size(); j++) {
                    assertEquals(expected.get(j)[0], seen.get(j)[0], preset + ": queue " + q + " request " + j);
                    assertEquals(expected.get(j)[1], seen.get(j)[1], preset + ": queue " + q + " trace time " + j);
                }
                assertEquals(expected.size(), capture.completedPerQueue[q], preset + ": queue " + q + " completions");
            }
        }
    }

    @Test
    void loopedIoReplayIsDeterministic() {
        RunResult a = run(new Capture(), "+quiesce-vf");
        RunResult b = run(new Capture(), "+quiesce-vf");
        assertEquals(a, b);
        assertTrue(a.metrics().ioDelayed() > 0, a.metrics().toString());
    }
}
