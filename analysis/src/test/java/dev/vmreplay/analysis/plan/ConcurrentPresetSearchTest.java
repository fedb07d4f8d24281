package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepExecutor;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.engine.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presets' smallest-link searches run at once, on the planner's threads or on an executor the
 * caller gives (Spark's, in module spark): the plan must not depend on either.
 */
class ConcurrentPresetSearchTest {
    private static final List<String> PRESETS = List.of("qemu-precopy", "seeds-all", "stop-and-copy");

    @TempDir
    Path dir;

    private PlanRequest request(List<String> presets) {
        List<RunSpec> fleet = new ArrayList<>();
        long[] sizes = {625_000_000L, 1_250_000_000L, 1_875_000_000L, 2_500_000_000L, 1_250_000_000L};
        for (int i = 0; i < sizes.length; i++) {
            Path trace = FakeBackend.writeTrace(dir.resolve("vm" + i + ".parquet"), sizes[i]);
            fleet.add(new RunSpec(trace, null, "vm" + i, null, "qemu-precopy", Map.of(), 0));
        }
        return new PlanRequest(fleet, presets, 10e9, 6_000_000_000L, 500_000_000L, 2, Map.of(),
                PlanRequest.DEFAULT_TOLERANCE);
    }

    /** FakeBackend that records, per preset, the bandwidths it was asked to replay at, in order of request. */
    private static final class RecordingBackend extends FakeBackend {
        final Map<String, List<String>> bandwidths = new ConcurrentHashMap<>();

        @Override
        public RunResult run(RunSpec spec) {
            bandwidths.computeIfAbsent(spec.preset(), p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(spec.overrides().get("link.bandwidth"));
            return super.run(spec);
        }
    }

    @Test
    void presetsSearchedAtOnceTakeTheSameStepsAndAnswersAsEachPresetAlone() {
        RecordingBackend together = new RecordingBackend();
        PlanResult all = new CapacityPlanner(together, 3).plan(request(PRESETS));
        for (int i = 0; i < PRESETS.size(); i++) {
            String preset = PRESETS.get(i);
            RecordingBackend aloneBackend = new RecordingBackend();
            PlanResult alone = new CapacityPlanner(aloneBackend, 1).plan(request(List.of(preset)));
            PlanResult.TechniquePlan expected = alone.techniques().get(0);
            PlanResult.TechniquePlan actual = all.techniques().get(i);
            assertEquals(expected.minLinkBitsPerSec(), actual.minLinkBitsPerSec(), preset);
            assertEquals(expected.searchCeilingBitsPerSec(), actual.searchCeilingBitsPerSec(), preset);
            assertEquals(expected.atFloor(), actual.atFloor(), preset);
            assertEquals(expected.atLink().vms(), actual.atLink().vms(), preset);
            // same distinct bandwidths in the same order (a batch's runs may finish in any order)
            assertEquals(aloneBackend.bandwidths.get(preset).stream().distinct().toList(),
                    together.bandwidths.get(preset).stream().distinct().toList(), preset);
        }
        assertEquals(PlanReport.text(new CapacityPlanner(new FakeBackend(), 1).plan(request(PRESETS))),
                PlanReport.text(all));
    }

    /** An executor of the caller's, as module spark plugs in: every batch goes through it, it stays open. */
    private static final class CountingExecutor implements SweepExecutor {
        final FakeBackend backend = new FakeBackend();
        final AtomicInteger batches = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void runAll(List<RunSpec> runs, List<String> fingerprints, Finished finished) {
            batches.incrementAndGet();
            // from another thread, as Spark hands results over from its own
            Thread t = new Thread(() -> {
                for (int i = runs.size() - 1; i >= 0; i--) {
                    RunSpec spec = runs.get(i);
                    finished.run(spec, dev.vmreplay.analysis.results.RunRecord.of(spec, fingerprints.get(i),
                            backend.run(spec)));
                }
            });
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void aPlanOnTheCallersExecutorEqualsTheLocalPlanAndLeavesTheExecutorOpen() {
        CountingExecutor executor = new CountingExecutor();
        PlanResult elsewhere = new CapacityPlanner(new FakeBackend(), executor, SweepListener.NONE).plan(request(PRESETS));
        PlanResult local = new CapacityPlanner(new FakeBackend(), 2).plan(request(PRESETS));
        assertEquals(PlanReport.text(local), PlanReport.text(elsewhere));
        assertTrue(executor.batches.get() >= PRESETS.size());
        assertFalse(executor.closed.get(), "the caller closes its executor");
    }

    @Test
    void aFailedRunEndsThePlanWithTheFirstFailingPresetsErrorWhicheverFailsFirst() {
        // stop-and-copy fails at once; seeds-all (earlier in the request) fails only after it: the
        // plan still reports seeds-all's failure, as presets planned one after the other would.
        CountDownLatch laterFailed = new CountDownLatch(1);
        FakeBackend failing = new FakeBackend() {
            @Override
            public RunResult run(RunSpec spec) {
                if (spec.preset().equals("stop-and-copy")) {
                    laterFailed.countDown();
                    throw new IllegalArgumentException("stop-and-copy broke on " + spec.traceName());
                }
                if (spec.preset().equals("seeds-all")) {
                    try {
                        assertTrue(laterFailed.await(30, TimeUnit.SECONDS), "stop-and-copy never ran");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalArgumentException("seeds-all broke on " + spec.traceName());
                }
                return super.run(spec);
            }
        };
        // A thread for every run of the three first batches (3 x 5): seeds-all's runs wait for
        // stop-and-copy's, so with fewer threads they could take them all and stop-and-copy never run.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CapacityPlanner(failing, 15).plan(request(PRESETS)));
        assertEquals("seeds-all broke on vm0", e.getMessage(), "the first failing run of the batch, in fleet order");
    }
}
