package dev.vmreplay.cli;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.demo.DemoFleet;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.PassStats;
import dev.vmreplay.engine.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sweep, report, plan and demo in-process, on a closed-form fake engine so the commands' wiring,
 * output and exit codes are checked without depending on the replay model's numbers.
 */
class AnalysisCommandsTest {
    @TempDir
    Path dir;

    /**
     * Fake traces are text files {@code FAKE <memory_bytes>}. total = factor * M / B,
     * downtime = total / 10 (qemu-precopy, factor 2) or total / 50 (+fast, factor 1).
     */
    static final class ClosedFormBackend implements ReplayBackend {
        @Override
        public List<String> presetNames() {
            return List.of("qemu-precopy", "+fast");
        }

        @Override
        public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
            if (!presetNames().contains(preset)) {
                throw new IllegalArgumentException("unknown preset '" + preset + "'");
            }
            Map<String, String> m = new LinkedHashMap<>();
            m.put("migration.start", "0");
            m.put("link.bandwidth", "10Gbit/s");
            m.put("trace.end", "idle");
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                if (!m.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("unknown configuration key '" + e.getKey() + "'");
                }
                if (e.getKey().equals("link.bandwidth")) {
                    dev.vmreplay.units.Quantity.parseBytesPerSecond(e.getKey(), e.getValue());
                } else if (e.getKey().equals("trace.end")) {
                    if (!List.of("idle", "loop").contains(e.getValue())) {
                        throw new IllegalArgumentException("trace.end: not one of idle, loop: " + e.getValue());
                    }
                } else {
                    dev.vmreplay.units.Quantity.parseDurationNanos(e.getKey(), e.getValue());
                }
                m.put(e.getKey(), e.getValue());
            }
            return m;
        }

        @Override
        public void checkTraces(dev.vmreplay.analysis.cache.TraceLocation memoryLocation,
                dev.vmreplay.analysis.cache.TraceLocation ioLocation, long assumedMemoryBytes) {
            Path memoryTrace = memoryLocation.localPath();
            Path ioTraceOrNull = ioLocation == null ? null : ioLocation.localPath();
            memoryBytes(memoryTrace);
        }

        static long memoryBytes(Path p) {
            try {
                String[] w = Files.readString(p).trim().split(" ");
                if (!w[0].equals("FAKE")) {
                    throw new IllegalArgumentException(p + ": not a memory trace");
                }
                return Long.parseLong(w[1]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public RunResult run(RunSpec spec) {
            Map<String, String> config = effectiveSettings(spec.preset(), spec.overrides());
            double bytesPerSec = dev.vmreplay.units.Quantity.parseBytesPerSecond("bw", config.get("link.bandwidth"));
            boolean fast = spec.preset().equals("+fast");
            long memory = memoryBytes(spec.tracePath());
            long total = Math.round((fast ? 1 : 2) * memory / bytesPerSec * 1e9);
            long downtime = total / (fast ? 50 : 10);
            Metrics m = new Metrics(downtime, total, memory, 1, memory / 4096, 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0, true, false);
            return new RunResult(spec.preset(), spec.traceName(), m,
                    List.of(new PassStats(0, 0, total - downtime, memory / 4096, memory, 0, 0, 0, 0, false),
                            new PassStats(1, total - downtime, downtime, 0, 0, 0, 0, 0, 0, true)), config);
        }
    }

    static Path fake(Path file, long memoryBytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "FAKE " + memoryBytes + "\n");
        return file;
    }

    /** The real root command with {@code command} in place of the registered one of the same name (if any). */
    static CommandLine cli(Object command) {
        CommandLine root = VmreplayCommand.newCommandLine();
        CommandLine sub = new CommandLine(command);
        if (root.getSubcommands().containsKey(sub.getCommandName())) {
            root.getCommandSpec().removeSubcommand(sub.getCommandName());
        }
        root.addSubcommand(sub);
        // the root's handlers apply to subcommands present when they are set
        ErrorHandler errors = new ErrorHandler();
        root.setExecutionExceptionHandler(errors);
        root.setParameterExceptionHandler(errors);
        return root;
    }

    @Test
    void sweepThenReportWriteResultsAndASelfContainedReport() throws Exception {
        fake(dir.resolve("t/a.parquet"), 1_250_000_000L);
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "traces: [t/*.parquet]\naxes:\n  link.bandwidth: [10Gbit/s, 20Gbit/s]\n");
        CliRun sweep = CliRun.run(cli(new SweepCommand(ClosedFormBackend::new)), "sweep", "--grid", grid.toString(),
                "--out", dir.resolve("out").toString(), "--threads", "2");
        assertEquals(0, sweep.exitCode(), sweep::toString);
        assertTrue(sweep.out().startsWith("4 runs (4 run now, 0 kept from before): 1 trace(s) x 2 preset(s) x 2 configuration(s)"),
                sweep::toString);
        assertTrue(Files.exists(dir.resolve("out/results.parquet")));
        assertTrue(Files.exists(dir.resolve("out/grid.yaml")), "the grid is kept with its results");
        CliRun again = CliRun.run(cli(new SweepCommand(ClosedFormBackend::new)), "sweep", "--grid", grid.toString(),
                "--out", dir.resolve("out").toString());
        assertTrue(again.out().startsWith("4 runs (0 run now, 4 kept from before)"), again::toString);

        CliRun report = CliRun.run(cli(new ReportCommand()), "report", dir.resolve("out").toString());
        assertEquals(0, report.exitCode(), report::toString);
        String html = Files.readString(dir.resolve("out/report.html"));
        assertTrue(html.contains("Techniques in isolation"), "the +fast preset is a technique");
        assertTrue(html.contains("<td class=\"better\">0.10×</td>"), "+fast downtime: (1/50) / (2/10)");
    }

    @Test
    void badGridIsOneLineOnStderrWithTheLineAndExitTwo() throws Exception {
        fake(dir.resolve("a.parquet"), 1_000_000L);
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "traces: [a.parquet]\naxes:\n  link.bandwith: [10Gbit/s]\n");
        CliRun run = CliRun.run(cli(new SweepCommand(ClosedFormBackend::new)), "sweep", "--grid", grid.toString(),
                "--out", dir.resolve("out").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains("grid.yaml:3:3: ") && run.err().contains("unknown configuration key 'link.bandwith'"),
                run::toString);
        assertTrue(Files.notExists(dir.resolve("out/runs")), "nothing ran");
    }

    @Test
    void reportOfADirectoryWithoutResultsIsBadInput() {
        CliRun run = CliRun.run(cli(new ReportCommand()), "report", dir.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no results table"), run::toString);
    }

    @Test
    void planPrintsTheTableAndWritesTheChartPage() throws Exception {
        Path a = fake(dir.resolve("vm-a.parquet"), 1_250_000_000L);
        Path b = fake(dir.resolve("vm-b.parquet"), 2_500_000_000L);
        CliRun run = CliRun.run(cli(new PlanCommand(ClosedFormBackend::new)), "plan", "--traces", a.toString(), b.toString(),
                "--link", "10Gbit/s", "--window", "10s", "--downtime-sla", "500ms", "--concurrent", "2",
                "--out", dir.resolve("plan").toString());
        assertEquals(0, run.exitCode(), run::toString);
        // qemu-precopy at 5 Gbit/s each: totals 4 s and 8 s, downtimes 0.4 and 0.8 s -> 1/2 under the SLA.
        assertTrue(run.out().contains("qemu-precopy  1/2"), run::toString);
        assertTrue(run.out().contains("+fast         2/2"), run::toString);
        assertTrue(Files.exists(dir.resolve("plan/plan.html")));
        assertTrue(Files.exists(dir.resolve("plan/plan-charts/plan-min-link.png")));
    }

    @Test
    void planRejectsBadUnitsNamingTheOption() throws Exception {
        Path a = fake(dir.resolve("vm-a.parquet"), 1_000_000L);
        CliRun run = CliRun.run(cli(new PlanCommand(ClosedFormBackend::new)), "plan", "--traces", a.toString(),
                "--link", "10Gbit", "--window", "1h", "--downtime-sla", "500ms");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("vmreplay: --link: invalid rate '10Gbit': a rate unit ends in /s"), run::toString);
    }

    @Test
    void demoSweepsEveryPresetAndPrintsTheSummaryAndReportPath() throws Exception {
        DemoFleet fleet = new DemoFleet() {
            @Override
            public String description() {
                return "one fake guest";
            }

            @Override
            public List<RunSpec> prepare(Path tracesDir) {
                try {
                    Path t = fake(tracesDir.resolve("g.parquet"), 1_250_000_000L);
                    return List.of(new RunSpec(t, null, "g.parquet", null, "x", Map.of(), 0));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        CliRun run = CliRun.run(cli(new DemoCommand(ClosedFormBackend::new, fleet)), "demo", "--out",
                dir.resolve("demo").toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("1 guest at migration.start=500ms, trace.end=loop, link.bandwidth=25Gbit/s; "), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("g.parquet ")), run::toString);
        assertTrue(run.out().contains("report: " + dir.resolve("demo").toAbsolutePath().normalize().resolve("report.html")),
                run::toString);
    }

    /** A small real trace: 64 MiB guest, 2 vCPUs, 2 MiB pages, 20k writes over 1 s to a 4 MiB hot set. */
    static Path realTrace(Path file) {
        long memory = 64L << 20;
        dev.vmreplay.trace.VmManifest manifest = new dev.vmreplay.trace.VmManifest(memory, 2,
                List.of(new dev.vmreplay.trace.LargePageRange(0, memory, dev.vmreplay.trace.LargePageRange.PAGE_2M)),
                List.of(), 0, 0, Map.of("generator", "AnalysisCommandsTest", "seed", 5), false);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        try (dev.vmreplay.trace.MemoryTraceWriter w = dev.vmreplay.trace.Traces.createMemory(file, manifest)) {
            dev.vmreplay.trace.MemoryBatch batch = new dev.vmreplay.trace.MemoryBatch();
            for (int i = 0; i < 20_000; i++) {
                batch.add(i * 50_000L, rnd.nextInt(2), (256 + rnd.nextInt(1024)) * 4096L, 4096,
                        dev.vmreplay.trace.MemoryBatch.OP_WRITE);
            }
            w.write(batch);
            w.commit();
        }
        return file;
    }

    @Test
    void sweepAndReportRunOnTheRealEngine() throws Exception {
        realTrace(dir.resolve("vm.parquet"));
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "traces: [vm.parquet]\npresets: [qemu-precopy, stop-and-copy]\n"
                + "axes:\n  link.bandwidth: [1Gbit/s, 10Gbit/s]\n");
        CliRun sweep = CliRun.run(cli(new SweepCommand()), "sweep", "--grid", grid.toString(), "--out",
                dir.resolve("out").toString(), "--threads", "2");
        assertEquals(0, sweep.exitCode(), sweep::toString);
        String csv = Files.readString(dir.resolve("out/results.csv"));
        assertEquals(5, csv.lines().count(), csv);
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",config.link.bandwidth,"), csv);
        CliRun report = CliRun.run(cli(new ReportCommand()), "report", dir.resolve("out").toString(), "--out",
                dir.resolve("r/report.html").toString());
        assertEquals(0, report.exitCode(), report::toString);
        assertTrue(Files.readString(dir.resolve("r/report.html")).contains("<h2>Trace vm.parquet</h2>"));
    }
}
