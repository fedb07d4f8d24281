package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-worked evacuation. Two hosts, six VMs, at most 2 migrations at once per host and 3 in the
 * cluster; each host's link is 10 Gbit/s, split into min(2, 3) = 2 slots, so every migration is
 * replayed at 5 Gbit/s = 0.625 GB/s. FakeBackend's stop-and-copy takes M / B, so with
 * M = 0.625 GB x seconds:
 *
 * <pre>
 * host A: a1 6 s, a2 5 s, a3 4 s        host B: b1 3 s, b2 2 s, b3 1 s
 * </pre>
 *
 * Longest first, a migration starting whenever a slot frees and its host has one:
 *
 * <pre>
 * t=0  a1 (ends 6), a2 (ends 5), a3 waits (A has 2), b1 (ends 3)    cluster 3/3
 * t=3  b1 ends; a3 still waits for A, so b2 starts (ends 5)         cluster 3/3
 * t=5  a2 and b2 end; a3 (ends 9) and b3 (ends 6) start             cluster 3/3
 * t=6  a1, b3 end: host B evacuated at 6 s
 * t=9  a3 ends: host A evacuated at 9 s, the fleet at 9 s
 * </pre>
 *
 * (Without the per-host limit a3 would start at 0 and the fleet would take 7 s.) seeds-all takes
 * 1.25 M / B: the same order with every time x 1.25, host A 11.25 s, host B 7.5 s; its downtime
 * is 2% of that, at most 150 ms, under a 500 ms SLA; stop-and-copy's downtime is its whole time,
 * over the SLA for every VM.
 */
class FleetEvacuationTest {
    private static final long S = 1_000_000_000L;
    private static final long SLOT_BYTES_PER_SEC = 625_000_000L;

    @TempDir
    Path dir;

    private PlanRequest request(List<String> presets, ReplayBackend backend) throws Exception {
        String[][] vms = {{"a1", "A", "6"}, {"a2", "A", "5"}, {"a3", "A", "4"}, {"b1", "B", "3"}, {"b2", "B", "2"},
                {"b3", "B", "1"}};
        StringBuilder csv = new StringBuilder("vm,trace,source_host,count\n");
        for (String[] vm : vms) {
            FakeBackend.writeTrace(dir.resolve(vm[0] + ".fake"), SLOT_BYTES_PER_SEC * Long.parseLong(vm[2]));
            csv.append(vm[0]).append(',').append(vm[0]).append(".fake,").append(vm[1]).append(",1\n");
        }
        Path file = Files.writeString(dir.resolve("fleet.csv"), csv);
        FleetFile.Fleet fleet = new FleetFile(backend).read(file);
        return new PlanRequest(fleet.runs(), presets, 10e9, 10 * S, 500_000_000L, 3, Map.of(),
                PlanRequest.DEFAULT_TOLERANCE, new Evacuation(fleet.placements(), 2));
    }

    @Test
    void hostsDrainLongestFirstUnderPerHostAndClusterLimits() throws Exception {
        PlanResult plan = new CapacityPlanner(new FakeBackend(), 2)
                .plan(request(List.of("stop-and-copy", "seeds-all"), new FakeBackend()));

        FleetEvaluation stop = plan.techniques().get(0).atLink();
        EvacuationSchedule s = (EvacuationSchedule) stop.schedule();
        assertEquals(List.of(0L), s.startsOfRow(0), "a1");
        assertEquals(List.of(0L), s.startsOfRow(1), "a2");
        assertEquals(List.of(5 * S), s.startsOfRow(2), "a3 waits for a slot on A, not in the cluster");
        assertEquals(List.of(0L), s.startsOfRow(3), "b1");
        assertEquals(List.of(3 * S), s.startsOfRow(4), "b2 takes the cluster slot b1 freed");
        assertEquals(List.of(5 * S), s.startsOfRow(5), "b3");
        assertEquals(Map.of("A", 9 * S, "B", 6 * S), s.hostEvacuationNanos());
        assertEquals(9 * S, s.makespanNanos());
        assertEquals(0, stop.vmsUnderSla(), "stop-and-copy's downtime is its whole 1..6 s");
        assertFalse(stop.feasible());

        FleetEvaluation seeds = plan.techniques().get(1).atLink();
        EvacuationSchedule t = (EvacuationSchedule) seeds.schedule();
        assertEquals(Map.of("A", 11_250_000_000L, "B", 7_500_000_000L), t.hostEvacuationNanos());
        assertEquals(6, seeds.vmsUnderSla());
        assertEquals(150_000_000L, seeds.worst().downtimeNanos());
        assertEquals("a1", seeds.worst().trace(), "fleet rows are named by their vm");
        assertEquals(5, seeds.fitInWindow(), "a3 ends at 6.25 + 5 = 11.25 s, after the 10 s window");
        // Everything scales as 10 Gbit/s / L: the fleet fits 10 s from 11.25 Gbit/s.
        double minLink = plan.techniques().get(1).minLinkBitsPerSec();
        assertTrue(minLink >= 11.25e9 * (1 - 1e-9) && minLink <= 11.25e9 * 1.01, "smallest link " + minLink);

        String text = PlanReport.text(plan);
        assertTrue(text.contains("6 VM(s) (6 fleet row(s)) on 2 source host(s), each host's link 10 Gbit/s split into "
                + "2 slot(s) (5 Gbit/s each), at most 2 migration(s) at once per host and 3 in the cluster"), text);
        assertTrue(text.contains("Time to evacuate each host:"), text);
        assertTrue(text.contains("host  VMs  stop-and-copy  seeds-all\n"), text);
        assertTrue(text.contains("\nA     3    9 s            11.3 s\nB     3    6 s            7.5 s\n"), text);
    }

    @Test
    void aMigrationThatDoesNotCompleteIsAFailureWithItsOutcomeNotADowntime() throws Exception {
        ReplayBackend abortsB2 = new Delegating(new FakeBackend()) {
            @Override
            public RunResult run(RunSpec spec) {
                RunResult r = super.run(spec);
                if (!spec.traceName().equals("b2.fake")) {
                    return r;
                }
                Metrics m = r.metrics();
                Metrics aborted = new Metrics(0, m.totalNanos(), m.bytesSent(), m.iterations(), m.pagesSent(),
                        m.zeroPages(), m.pagesResent(), m.traceInstalls(), m.traceFires(), m.guestStallVcpuNanos(),
                        m.postResumeFaults(), m.contiguityLoss(), m.ioDowntimeNanos(), m.ioP99Nanos(), m.ioDelayed(),
                        false, true, m.traceEndNanos(), m.traceCopies(), m.traceCoversWindow(), "aborted",
                        m.totalNanos(), m.downtimeLimitFinalNanos(), m.throttleMax());
                return new RunResult(r.preset(), r.trace(), aborted, r.passes(), r.effectiveConfig());
            }
        };
        PlanResult plan = new CapacityPlanner(abortsB2, 1).plan(request(List.of("seeds-all"), abortsB2));
        FleetEvaluation seeds = plan.techniques().get(0).atLink();
        assertEquals(5, seeds.vmsUnderSla(), "b2's 0 ns 'downtime' is not a downtime");
        assertEquals(List.of("b2"), seeds.failures().stream().map(FleetEvaluation.VmOutcome::trace).toList());
        assertTrue(Double.isNaN(plan.techniques().get(0).minLinkBitsPerSec()), "no link makes b2 complete");
        String text = PlanReport.text(plan);
        assertTrue(text.contains("Failed migrations, seeds-all: b2 on B: aborted."), text);
        assertTrue(text.contains("(1 failed, not evacuated)"), text);
        assertEquals(List.of("Failed migrations, seeds-all: and 1 more row(s), 1 VM(s) (all in plan.html)."),
                PlanReport.failureLines(plan, 0), "a long list is cut on the terminal");
    }

    @Test
    void aRowStandingForAThousandVmsIsReplayedOncePerTechniqueAndLinkShare() throws Exception {
        List<RunSpec> calls = Collections.synchronizedList(new ArrayList<>());
        FakeBackend fake = new FakeBackend();
        ReplayBackend counting = new Delegating(fake) {
            @Override
            public RunResult run(RunSpec spec) {
                calls.add(spec);
                return super.run(spec);
            }
        };
        FakeBackend.writeTrace(dir.resolve("web.fake"), SLOT_BYTES_PER_SEC); // 1 s at a 5 Gbit/s slot
        Path file = Files.writeString(dir.resolve("fleet.csv"), "vm,trace,source_host,count\nweb,web.fake,h1,1000\n");
        FleetFile.Fleet fleet = new FleetFile(counting).read(file);
        PlanRequest request = new PlanRequest(fleet.runs(), List.of("seeds-all", "stop-and-copy"), 10e9, 3600 * S,
                2 * S, 5, Map.of(), PlanRequest.DEFAULT_TOLERANCE, new Evacuation(fleet.placements(), 2));
        PlanResult plan = new CapacityPlanner(counting, 2).plan(request);

        FleetEvaluation seeds = plan.techniques().get(0).atLink();
        assertEquals(1000, seeds.vmCount());
        assertEquals(1000, seeds.vmsUnderSla());
        // One host, 2 at a time, 1.25 s each: 500 rounds.
        assertEquals(625 * S, seeds.schedule().makespanNanos());
        assertEquals(1000, seeds.fitInWindow());
        Set<String> distinct = new HashSet<>();
        for (RunSpec c : calls) {
            assertTrue(distinct.add(c.preset() + " " + c.overridesText()), "replayed twice: " + c.preset() + " "
                    + c.overridesText());
        }
        assertTrue(calls.size() < 40, "a few links per technique, not 1000 VMs: " + calls.size());
        assertTrue(PlanReport.text(plan).startsWith("1000 VM(s) (1 fleet row(s)) on 1 source host(s)"));
    }

    @Test
    void rowsSharingARecordingShareItsReplay() throws Exception {
        FakeBackend fake = new FakeBackend();
        FakeBackend.writeTrace(dir.resolve("web.fake"), SLOT_BYTES_PER_SEC);
        Path file = Files.writeString(dir.resolve("fleet.csv"),
                "vm,trace,source_host,count\nweb-a,web.fake,h1,3\nweb-b,web.fake,h2,4\n");
        FleetFile.Fleet fleet = new FleetFile(fake).read(file);
        FleetEvaluation e = new CapacityPlanner(fake, 2).evaluate(new PlanRequest(fleet.runs(), List.of("seeds-all"),
                10e9, 3600 * S, 2 * S, 5, Map.of(), 0.01, new Evacuation(fleet.placements(), 2)), "seeds-all", 10e9);
        assertEquals(1, fake.runs.get());
        assertEquals(7, e.vmCount());
        // h1: 3 at 1.25 s, 2 at a time -> 2.5 s; h2: 4 -> 2.5 s; the cluster's 5 slots never bind (4 at once).
        assertEquals(Map.of("h1", 2_500_000_000L, "h2", 2_500_000_000L),
                ((EvacuationSchedule) e.schedule()).hostEvacuationNanos());
    }

    @Test
    void badRowsNameFileLineAndColumn() throws Exception {
        FakeBackend fake = new FakeBackend();
        FakeBackend.writeTrace(dir.resolve("web.fake"), SLOT_BYTES_PER_SEC);
        Path file = dir.resolve("fleet.csv");
        FleetFile reader = new FleetFile(fake);
        assertMessage(file + ":3:16: count must be >= 1, was 0",
                () -> reader.readCsv(file, "vm,trace,source_host,count\nweb,web.fake,h1,2\ndb,web.fake,h1,0\n"));
        assertMessage(file + ":2:5: no such file " + dir.resolve("nope.fake"),
                () -> reader.readCsv(file, "vm,trace,source_host\nweb,nope.fake,h1\n"));
        assertMessage(file + ":1:22: unknown column 'host'", () -> reader.readCsv(file, "vm,trace,source_host,host\n"));
        assertMessage(file + ":1:1: missing column 'source_host'", () -> reader.readCsv(file, "vm,trace\nweb,web.fake\n"));
        assertMessage(file + ":3:1: vm 'web' is listed twice",
                () -> reader.readCsv(file, "vm,trace,source_host\nweb,web.fake,h1\nweb,web.fake,h2\n"));
        assertMessage(file + ":2:17: memory: ",
                () -> reader.readCsv(file, "vm,trace,source_host,memory\nweb,web.fake,h1,\"8 parsecs\"\n"));
        Files.writeString(dir.resolve("bad.fake"), "NOT A TRACE\n");
        assertMessage(file + ":2:5: cannot use trace " + dir.resolve("bad.fake") + ": not a memory trace",
                () -> reader.readCsv(file, "vm,trace,source_host\nweb,bad.fake,h1\n"));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable e) {
        FleetFileException ex = assertThrows(FleetFileException.class, e);
        assertTrue(ex.getMessage().startsWith(prefix), "expected " + prefix + "\n     got " + ex.getMessage());
    }

    /** Passes everything to a backend; tests override {@link #run}. */
    private static class Delegating implements ReplayBackend {
        private final ReplayBackend inner;

        Delegating(ReplayBackend inner) {
            this.inner = inner;
        }

        @Override
        public List<String> presetNames() {
            return inner.presetNames();
        }

        @Override
        public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
            return inner.effectiveSettings(preset, overrides);
        }

        @Override
        public void checkTraces(dev.vmreplay.analysis.cache.TraceLocation memoryLocation,
                dev.vmreplay.analysis.cache.TraceLocation ioLocation, long assumedMemoryBytes) {
            Path memoryTrace = memoryLocation.localPath();
            Path ioTraceOrNull = ioLocation == null ? null : ioLocation.localPath();
            inner.checkTraces(memoryLocation, ioLocation, assumedMemoryBytes);
        }

        @Override
        public RunResult run(RunSpec spec) {
            return inner.run(spec);
        }
    }
}
