package dev.vmreplay.cli;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.RunResult;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
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

import static dev.vmreplay.cli.AnalysisCommandsTest.cli;
import static dev.vmreplay.cli.AnalysisCommandsTest.fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vmreplay plan --fleet}: AnalysisCommandsTest's closed-form backend (+fast: total = M / B,
 * downtime = total / 50). Each host's 10 Gbit/s link is split into the default 2 per-host slots,
 * 5 Gbit/s = 0.625 GB/s each.
 */
class FleetPlanCommandTest {
    @TempDir
    Path dir;

    /** Records every replay it is asked for. */
    static class Counting implements ReplayBackend {
        final ReplayBackend inner = new AnalysisCommandsTest.ClosedFormBackend();
        final List<RunSpec> runs = Collections.synchronizedList(new ArrayList<>());

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
            runs.add(spec);
            return inner.run(spec);
        }
    }

    @Test
    void aFleetFileDrainsItsHostsAndReplaysACountedRowOnce() throws Exception {
        fake(dir.resolve("traces/web.fake"), 1_250_000_000L); // +fast: 2 s at 0.625 GB/s
        fake(dir.resolve("traces/db.fake"), 625_000_000L); // 1 s
        Files.writeString(dir.resolve("fleet.csv"), """
                # one recording stands for the 1000 web VMs of host h1
                vm,trace,source_host,count
                web,traces/web.fake,h1,1000
                db,traces/db.fake,h2,1
                """);
        Counting backend = new Counting();
        CliRun run = CliRun.run(cli(new PlanCommand(() -> backend)), "plan", "--fleet",
                dir.resolve("fleet.csv").toString(), "--presets", "+fast", "--link", "10Gbit/s", "--window", "1h",
                "--downtime-sla", "500ms", "--out", dir.resolve("plan").toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("1001 VM(s) (2 fleet row(s)) on 2 source host(s), each host's link 10 Gbit/s "
                + "split into 2 slot(s) (5 Gbit/s each), at most 2 migration(s) at once per host and 5 in the cluster"),
                run::toString);
        // h1: 1000 migrations of 2 s, 2 at a time: 1000 s. h2: 1 s.
        assertTrue(run.out().contains("\nh1    1000  16.7 min\nh2    1     1 s\n"), run::toString);
        Set<String> distinct = new HashSet<>();
        for (RunSpec r : backend.runs) {
            assertTrue(distinct.add(r.traceName() + " " + r.preset() + " " + r.overridesText()), "replayed twice: " + r);
        }
        long webRuns = backend.runs.stream().filter(r -> r.traceName().equals("traces/web.fake")).count();
        assertEquals(backend.runs.size() / 2, webRuns, "web is replayed as often as db: once per link tried");
        String page = Files.readString(dir.resolve("plan/plan.md"));
        assertTrue(page.contains("Time to evacuate each host"), page);
    }

    @Test
    void aParquetFleetReadsLikeTheCsv() throws Exception {
        fake(dir.resolve("web.fake"), 1_250_000_000L);
        MessageType schema = MessageTypeParser.parseMessageType("message fleet { required binary vm (STRING); "
                + "required binary trace (STRING); required binary source_host (STRING); required int32 count; }");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("fleet.parquet")))
                .withType(schema).build()) {
            w.write(new SimpleGroupFactory(schema).newGroup().append("vm", "web").append("trace", "web.fake")
                    .append("source_host", "h1").append("count", 3));
        }
        CliRun run = CliRun.run(cli(new PlanCommand(AnalysisCommandsTest.ClosedFormBackend::new)), "plan", "--fleet",
                dir.resolve("fleet.parquet").toString(), "--presets", "+fast", "--link", "10Gbit/s", "--window", "1h",
                "--downtime-sla", "500ms", "--out", dir.resolve("plan").toString());
        assertEquals(0, run.exitCode(), run::toString);
        // 3 migrations of 2 s, 2 at a time: 4 s.
        assertTrue(run.out().contains("\nh1    3    4 s\n"), run::toString);
    }

    @Test
    void aGeneratedFleetOfThousandsOfVmsReadsAsClassRows() {
        Path csv = dev.vmreplay.datasets.FleetGenerator.write(7, 3000, 25, dir.resolve("gen"), false);
        ReplayBackend acceptsAll = new Counting() {
            @Override
            public void checkTraces(dev.vmreplay.analysis.cache.TraceLocation memoryLocation,
                    dev.vmreplay.analysis.cache.TraceLocation ioLocation, long assumedMemoryBytes) {
                Path memoryTrace = memoryLocation.localPath();
                Path ioTraceOrNull = ioLocation == null ? null : ioLocation.localPath();
                assertTrue(Files.isRegularFile(memoryTrace), memoryTrace::toString);
            }
        };
        dev.vmreplay.analysis.plan.FleetFile.Fleet fleet = new dev.vmreplay.analysis.plan.FleetFile(acceptsAll).read(csv);
        assertEquals(3000, fleet.placements().stream().mapToInt(p -> p.count()).sum(), "seed 7");
        assertEquals(25, fleet.placements().stream().map(p -> p.sourceHost()).distinct().count(), "seed 7");
        assertTrue(fleet.runs().size() <= 25 * 9);
    }

    @Test
    void aBadFleetRowIsExit2NamingFileLineAndColumn() throws Exception {
        fake(dir.resolve("web.fake"), 1_250_000_000L);
        Path fleet = Files.writeString(dir.resolve("fleet.csv"), "vm,trace,source_host,count\nweb,web.fake,h1,1\n"
                + "db,web.fake,h2,many\n");
        CliRun run = CliRun.run(cli(new PlanCommand(AnalysisCommandsTest.ClosedFormBackend::new)), "plan", "--fleet",
                fleet.toString(), "--link", "10Gbit/s", "--window", "1h", "--downtime-sla", "500ms",
                "--out", dir.resolve("plan").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("vmreplay: " + fleet + ":3:16: count must be a whole number >= 1, was 'many'"),
                run.errLines(), run::toString);
    }

    @Test
    void tracesAndFleetAreExclusiveAndPerHostNeedsAFleet() throws Exception {
        Path a = fake(dir.resolve("a.fake"), 1_000_000L);
        Files.writeString(dir.resolve("fleet.csv"), "vm,trace,source_host\na,a.fake,h1\n");
        CliRun both = CliRun.run(cli(new PlanCommand(AnalysisCommandsTest.ClosedFormBackend::new)), "plan", "--traces",
                a.toString(), "--fleet", dir.resolve("fleet.csv").toString(), "--link", "10Gbit/s", "--window", "1h",
                "--downtime-sla", "500ms");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().startsWith("vmreplay: give either --traces or --fleet"), both::toString);
        CliRun perHost = CliRun.run(cli(new PlanCommand(AnalysisCommandsTest.ClosedFormBackend::new)), "plan",
                "--traces", a.toString(), "--per-host", "3", "--link", "10Gbit/s", "--window", "1h",
                "--downtime-sla", "500ms");
        assertEquals(2, perHost.exitCode(), perHost::toString);
        assertTrue(perHost.err().startsWith("vmreplay: --per-host: only with --fleet"), perHost::toString);
    }

    @Test
    void aPlanOnSparkWithoutTheSparkModuleIsExit2AndWritesNothing() throws Exception {
        fake(dir.resolve("web.fake"), 1_250_000_000L);
        Path fleet = Files.writeString(dir.resolve("fleet.csv"), "vm,trace,source_host,count\nweb,web.fake,h1,3\n");
        CliRun run = CliRun.run(cli(new PlanCommand(AnalysisCommandsTest.ClosedFormBackend::new)), "plan", "--fleet", fleet.toString(), "--link", "10Gbit/s", "--window", "1h", "--downtime-sla", "500ms",
                "--spark", "local[2]", "--out", dir.resolve("plan").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("vmreplay: --spark needs the optional spark module"), run::toString);
        assertTrue(Files.notExists(dir.resolve("plan")), run::toString);
    }
}
