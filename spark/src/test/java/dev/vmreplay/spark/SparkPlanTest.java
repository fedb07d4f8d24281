package dev.vmreplay.spark;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.plan.CapacityPlanner;
import dev.vmreplay.analysis.plan.PlanRequest;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.cli.VmreplayCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vmreplay plan ... --spark local[2]} against {@code --threads 2}: the same plan, byte for
 * byte, in both modes; a replay that fails on Spark fails the plan with the local message.
 */
class SparkPlanTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void traces() throws Exception {
        new GeneratedDemoFleet().prepare(dir);
        // two hosts; the web row stands for 40 VMs and is replayed once per preset and link
        Files.writeString(dir.resolve("fleet.csv"), """
                vm,trace,io_trace,memory,source_host,count
                db-1,db-io.parquet,db-io.io.parquet,,host-a,1
                web,web-hotcold.parquet,,,host-a,3
                web-b,web-hotcold.parquet,,,host-b,40
                """);
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VmreplayCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs the CLI in this JVM; returns stdout without its last line (which names --out), and checks exit 0. */
    private static String cli(String... args) {
        Run r = run(List.of(args));
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr());
        String text = r.stdout();
        String withoutLast = text.substring(0, text.stripTrailing().lastIndexOf('\n') + 1);
        assertEquals(true, text.substring(withoutLast.length()).startsWith("plan: "), text);
        return withoutLast;
    }

    private static void assertSamePlan(Path expected, Path actual) throws Exception {
        for (String file : List.of("plan.md", "plan.html")) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)),
                    file + " differs from the local plan's");
        }
    }

    private static List<String> args(String mode, String out, String... more) {
        List<String> a = new ArrayList<>(List.of("plan"));
        if (mode.equals("fleet")) {
            a.addAll(List.of("--fleet", dir.resolve("fleet.csv").toString(), "--per-host", "2", "--concurrent", "3"));
        } else {
            a.addAll(List.of("--traces", dir.resolve("db-io.parquet").toString(),
                    dir.resolve("web-hotcold.parquet").toString(), "--io",
                    dir.resolve("db-io.parquet") + "=" + dir.resolve("db-io.io.parquet"), "--concurrent", "2"));
        }
        a.addAll(List.of("--link", "10Gbit/s", "--window", "2min", "--downtime-sla", "300ms",
                "--presets", "qemu-precopy,seeds-all", "--tolerance", "0.05", "--set", "trace.end=loop",
                "--out", dir.resolve(out).toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aFleetPlanOnSparkIsByteForByteTheLocalPlan() throws Exception {
        String local = cli(args("fleet", "fleet-local", "--threads", "2").toArray(String[]::new));
        String spark = cli(args("fleet", "fleet-spark", "--spark", "local[2]").toArray(String[]::new));
        assertEquals(local, spark);
        assertSamePlan(dir.resolve("fleet-local"), dir.resolve("fleet-spark"));
    }

    @Test
    void aTracesPlanOnSparkIsByteForByteTheLocalPlan() throws Exception {
        String local = cli(args("traces", "traces-local", "--threads", "2").toArray(String[]::new));
        String spark = cli(args("traces", "traces-spark", "--spark", "local[2]").toArray(String[]::new));
        assertEquals(local, spark);
        assertSamePlan(dir.resolve("traces-local"), dir.resolve("traces-spark"));
    }

    @Test
    void aReplayThatFailsOnSparkFailsThePlanWithTheLocalMessage() throws Exception {
        // the CLI checks every trace before planning, so a run that fails at replay time is made here
        Path bad = Files.writeString(dir.resolve("bad.parquet"), "not a parquet file");
        PlanRequest request = new PlanRequest(List.of(new RunSpec(bad, null, "bad.parquet", null, "plan", Map.of(), 0)),
                List.of("qemu-precopy", "seeds-all"), 10e9, 60_000_000_000L, 300_000_000L, 1, Map.of(), 0.05);
        RuntimeException local = assertThrows(RuntimeException.class,
                () -> new CapacityPlanner(new EngineBackend(), 2).plan(request));
        RuntimeException remote;
        try (SparkSweepRunner spark = new SparkSweepRunner("local[2]")) {
            remote = assertThrows(RuntimeException.class,
                    () -> new CapacityPlanner(new EngineBackend(), spark, SweepListener.NONE).plan(request));
        }
        String expectedLine = SparkSweepRunner.badInputMessage(local);
        assertNotNull(expectedLine, () -> "a damaged trace is bad input: " + local);
        // the cli prints this message of the first bad-input exception in the chain, with exit code 2
        assertEquals(expectedLine, SparkSweepRunner.badInputMessage(remote));
    }

    @Test
    void aPlanWhoseReplaysAreRefusedExitsWithTheLocalLineOnSparkAndWritesNothing() {
        // web-hotcold is a 4-vCPU guest: tracing from 8 vCPUs is refused
        Run local = run(args("traces", "refused-local", "--set", "trace.install-vcpus=8", "--threads", "2"));
        Run spark = run(args("traces", "refused-spark", "--set", "trace.install-vcpus=8", "--spark", "local[2]"));
        assertEquals(2, local.exitCode(), local::toString);
        List<String> lines = local.stderr().lines().filter(l -> l.startsWith("vmreplay: ")).toList();
        assertEquals(1, lines.size(), local::toString);
        assertTrue(lines.get(0).contains("trace.install-vcpus"), local::toString);
        assertEquals(2, spark.exitCode(), spark::toString);
        assertEquals(lines, spark.stderr().lines().filter(l -> l.startsWith("vmreplay: ")).toList(), spark::toString);
        assertTrue(Files.notExists(dir.resolve("refused-local")) && Files.notExists(dir.resolve("refused-spark")));
    }
}
