package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-worked fleet. FakeBackend: total = factor * M / B, downtime = share * total, with B
 * the per-migration bandwidth in bytes/s. Fleet of four VMs, M = 0.625, 1.25, 1.875, 2.5 GB;
 * link 10 Gbit/s shared by 2, so B = 0.625 GB/s each; window 6 s; SLA 500 ms.
 *
 * <pre>
 * qemu-precopy  (factor 2,    share 0.1):  totals 2, 4, 6, 8 s;      downtimes 0.2, 0.4, 0.6, 0.8 s
 * seeds-all     (factor 1.25, share 0.02): totals 1.25, 2.5, 3.75, 5; downtimes 25, 50, 75, 100 ms
 * stop-and-copy (factor 1,    share 1):    totals 1, 2, 3, 4 s;       downtimes = totals
 * </pre>
 *
 * Waves of two, longest first: seeds-all [5, 3.75] then [2.5, 1.25]: fleet time 7.5 s; in a 6 s
 * window the first wave ends (5 and 3.75 s), the second starts at 5 s and ends at 7.5 and 6.25 s:
 * 2 fit. Everything scales as 10 Gbit/s / L, so the smallest link is:
 * seeds-all max(7.5/6, 0.1/0.5) * 10 = 12.5 Gbit/s; qemu-precopy max(12/6, 0.8/0.5) * 10 = 20 Gbit/s;
 * stop-and-copy max(6/6, 4/0.5) * 10 = 80 Gbit/s.
 */
class CapacityPlannerTest {
    @TempDir
    Path dir;

    private PlanRequest request(List<String> presets, double linkBitsPerSec) {
        List<RunSpec> fleet = new ArrayList<>();
        long[] sizes = {625_000_000L, 1_250_000_000L, 1_875_000_000L, 2_500_000_000L};
        for (int i = 0; i < sizes.length; i++) {
            Path trace = FakeBackend.writeTrace(dir.resolve("vm" + i + ".parquet"), sizes[i]);
            fleet.add(new RunSpec(trace, null, "vm" + i, null, "qemu-precopy", Map.of(), 0));
        }
        return new PlanRequest(fleet, presets, linkBitsPerSec, 6_000_000_000L, 500_000_000L, 2, Map.of(),
                PlanRequest.DEFAULT_TOLERANCE);
    }

    @Test
    void wavesAreLongestFirstAndFleetTimeIsTheSumOfWaveMaxima() {
        WaveSchedule s = WaveSchedule.of(new long[] {1_250, 2_500, 3_750, 5_000}, 2);
        assertArrayEquals(new int[] {3, 2}, s.waves().get(0));
        assertArrayEquals(new int[] {1, 0}, s.waves().get(1));
        assertEquals(7_500, s.makespanNanos());
        assertEquals(2, s.finishedWithin(6_000));
        assertEquals(4, s.finishedWithin(7_500));
        assertEquals(5_000 + 3_750 + 2_500 + 1_250, WaveSchedule.of(new long[] {1_250, 2_500, 3_750, 5_000}, 1).makespanNanos());
    }

    @Test
    void planOnAHandWorkedFleet() {
        PlanResult plan = new CapacityPlanner(new FakeBackend(), 2)
                .plan(request(List.of("qemu-precopy", "seeds-all", "stop-and-copy"), 10e9));

        PlanResult.TechniquePlan qemu = plan.techniques().get(0);
        assertEquals(2, qemu.atLink().vmsUnderSla(), "0.2 and 0.4 s are under 500 ms, 0.6 and 0.8 s are not");
        assertFalse(qemu.atLink().slaMet());
        assertEquals(12_000_000_000L, qemu.atLink().schedule().makespanNanos(), "[8, 6] + [4, 2]");
        assertEquals(1, qemu.atLink().fitInWindow(), "first wave ends at 6 s (vm2) and 8 s (vm3); the second starts at 8 s");

        PlanResult.TechniquePlan seeds = plan.techniques().get(1);
        assertTrue(seeds.atLink().slaMet());
        assertEquals(100_000_000L, seeds.atLink().worst().downtimeNanos());
        assertEquals("vm3", seeds.atLink().worst().trace());
        assertEquals(7_500_000_000L, seeds.atLink().schedule().makespanNanos());
        assertEquals(2, seeds.atLink().fitInWindow());
        assertFalse(seeds.atLink().feasible(), "7.5 s does not fit a 6 s window");

        assertMinLink(12.5e9, seeds);
        assertMinLink(20e9, qemu);
        assertMinLink(80e9, plan.techniques().get(2));
    }

    private static void assertMinLink(double threshold, PlanResult.TechniquePlan t) {
        double found = t.minLinkBitsPerSec();
        assertTrue(found >= threshold * (1 - 1e-9) && found <= threshold * (1 + PlanRequest.DEFAULT_TOLERANCE),
                t.preset() + ": smallest link " + found + " should be within 1% above " + threshold);
    }

    @Test
    void generousLinkSearchesDownAndImpossibleSlaReportsNone() {
        PlanResult down = new CapacityPlanner(new FakeBackend(), 1).plan(request(List.of("seeds-all"), 100e9));
        assertTrue(down.techniques().get(0).atLink().feasible());
        assertMinLink(12.5e9, down.techniques().get(0));

        List<RunSpec> fleet = request(List.of("stop-and-copy"), 1e9).fleet();
        PlanRequest zeroSla = new PlanRequest(fleet, List.of("stop-and-copy"), 1e9, 6_000_000_000L, 0, 2, Map.of(), 0.01);
        PlanResult none = new CapacityPlanner(new FakeBackend(), 1).plan(zeroSla);
        assertTrue(Double.isNaN(none.techniques().get(0).minLinkBitsPerSec()));
        assertTrue(PlanReport.text(none).contains("none up to 4.1 Tbit/s"), PlanReport.text(none));
    }

    @Test
    void badRequestsNameTheOption() {
        List<RunSpec> fleet = request(List.of("seeds-all"), 1e9).fleet();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlanRequest(fleet,
                List.of("seeds-all"), 1e9, 0, 1, 1, Map.of(), 0.01));
        assertTrue(e.getMessage().startsWith("--window"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CapacityPlanner(new FakeBackend(), 1).plan(
                new PlanRequest(fleet, List.of("seeds-all"), 1e9, 1, 1, 1, Map.of("link.bandwith", "1Gbit/s"), 0.01)));
    }

    @Test
    void textTableListsEveryTechnique() {
        PlanResult plan = new CapacityPlanner(new FakeBackend(), 2)
                .plan(request(List.of("qemu-precopy", "seeds-all"), 25e9));
        String text = PlanReport.text(plan);
        assertTrue(text.contains("4 VM(s), link 25 Gbit/s shared by 2 concurrent migration(s) (12.5 Gbit/s each)"), text);
        assertTrue(text.contains("Whole fleet within the window under the SLA: qemu-precopy, seeds-all"), text);
    }

    @Test
    void vmsWhoseRecordingRanOutAreNamedInAWarning() {
        FakeBackend fake = new FakeBackend();
        dev.vmreplay.analysis.ReplayBackend shortVm1 = new dev.vmreplay.analysis.ReplayBackend() {
            @Override
            public List<String> presetNames() {
                return fake.presetNames();
            }

            @Override
            public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
                return fake.effectiveSettings(preset, overrides);
            }

            @Override
            public void checkTraces(dev.vmreplay.analysis.cache.TraceLocation memoryLocation,
                    dev.vmreplay.analysis.cache.TraceLocation ioLocation, long assumedMemoryBytes) {
                Path memoryTrace = memoryLocation.localPath();
                Path ioTraceOrNull = ioLocation == null ? null : ioLocation.localPath();
                fake.checkTraces(memoryLocation, ioLocation, assumedMemoryBytes);
            }

            @Override
            public dev.vmreplay.engine.RunResult run(RunSpec spec) {
                dev.vmreplay.engine.RunResult r = fake.run(spec);
                if (!spec.traceName().equals("vm1")) {
                    return r;
                }
                dev.vmreplay.engine.Metrics m = r.metrics();
                dev.vmreplay.engine.Metrics idleTail = new dev.vmreplay.engine.Metrics(m.downtimeNanos(), m.totalNanos(),
                        m.bytesSent(), m.iterations(), m.pagesSent(), m.zeroPages(), m.pagesResent(), m.traceInstalls(),
                        m.traceFires(), m.guestStallVcpuNanos(), m.postResumeFaults(), m.contiguityLoss(),
                        m.ioDowntimeNanos(), m.ioP99Nanos(), m.ioDelayed(), m.converged(), m.aborted(), 1_000, 1, false);
                return new dev.vmreplay.engine.RunResult(r.preset(), r.trace(), idleTail, r.passes(), r.effectiveConfig());
            }
        };
        PlanResult plan = new CapacityPlanner(shortVm1, 2).plan(request(List.of("qemu-precopy"), 10e9));
        String warning = PlanReport.shortRecordingWarning(plan);
        assertTrue(warning.startsWith("Warning: the recording of vm1 ended before"), warning);
        assertTrue(PlanReport.text(plan).contains(warning));
        assertEquals("", PlanReport.shortRecordingWarning(
                new CapacityPlanner(fake, 2).plan(request(List.of("qemu-precopy"), 10e9))));
    }

    @Test
    void everyReplayIsReportedToTheListenerSoAPlanIsNeverSilent() {
        FakeBackend backend = new FakeBackend();
        java.util.List<Integer> done = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        int[] startedAndEnded = new int[2];
        dev.vmreplay.analysis.sweep.SweepListener listener = new dev.vmreplay.analysis.sweep.SweepListener() {
            @Override
            public void started(int total, int alreadyDone) {
                startedAndEnded[0]++;
            }

            @Override
            public void finished(dev.vmreplay.analysis.results.RunSpec run, int n, int total) {
                done.add(n);
            }

            @Override
            public void ended() {
                startedAndEnded[1]++;
            }
        };
        new CapacityPlanner(backend, 2, listener).plan(request(List.of("qemu-precopy"), 10e9));
        assertEquals(backend.runs.get(), done.size(), "one call per replay");
        assertTrue(done.size() > 1);
        assertEquals(done.size(), done.stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertArrayEquals(new int[] {1, 1}, startedAndEnded);
    }
}
