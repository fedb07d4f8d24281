package dev.vmreplay.spark;

import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.cli.VmreplayCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The application jar under {@code org.apache.spark.deploy.SparkSubmit}, in a JVM of its own whose
 * classpath is only what a Spark installation provides (the module's provided scope, from
 * {@code target/spark-classpath.txt}) and the jar: a sweep and a plan write what the same commands
 * write locally, byte for byte, and bad input is the local one-line error with exit code 2.
 * Runs in {@code mvn verify} (failsafe): the jar exists from the package phase on.
 */
class SparkSubmitIT {
    private static final String GRID = """
            traces:
              - {memory: db-io.parquet, io: db-io.io.parquet}
              - web-hotcold.parquet
            presets: [qemu-precopy, seeds-all]
            settings: {migration.start: 500ms}
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void traces() throws Exception {
        new GeneratedDemoFleet().prepare(dir);
        Files.writeString(dir.resolve("grid.yaml"), GRID);
        Files.writeString(dir.resolve("fleet.csv"), """
                vm,trace,io_trace,memory,source_host,count
                db-1,db-io.parquet,db-io.io.parquet,,host-a,1
                web,web-hotcold.parquet,,,host-b,25
                """);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("system property " + property + " is not set: run through 'mvn verify' (failsafe sets it)");
        }
        return value;
    }

    /** Spark's classpath as a cluster would have it: nothing of ours but the application jar. */
    private static String sparkClasspath() throws Exception {
        Path appJar = Path.of(required("vmreplay.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing");
        List<String> entries = new ArrayList<>(Arrays.asList(
                Files.readString(Path.of(required("vmreplay.sparkClasspath"))).trim().split(File.pathSeparator)));
        // spark-core uses RoaringBitmap too, but the module resolves it at our version with compile
        // scope (the application jar carries ours, relocated), so it is not in the provided list
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().startsWith("RoaringBitmap-")) {
                entries.add(e);
            }
        }
        for (String e : entries) {
            String name = Path.of(e).getFileName().toString();
            assertTrue(!name.startsWith("vmreplay") && !e.contains("/dev/vmreplay/") && !name.startsWith("parquet-")
                    && !name.startsWith("picocli"), "not part of a Spark installation: " + e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The module's log4j2 settings as a file (failsafe runs from the module's jar): Spark's INFO lines off. */
    private static Path quietLogging() throws Exception {
        Path file = dir.resolve("log4j2.properties");
        if (!Files.exists(file)) {
            try (var in = SparkSubmitIT.class.getResourceAsStream("/log4j2.properties")) {
                Files.copy(java.util.Objects.requireNonNull(in, "log4j2.properties"), file);
            }
        }
        return file;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result sparkSubmit(String... vmreplayArgs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // what the spark-submit script adds from JavaModuleOptions, since the driver runs in this JVM
        command.addAll(Arrays.asList(required("vmreplay.sparkJvmFlags").trim().split("\\s+")));
        command.add("-Xmx1g");
        command.add("-Dlog4j2.configurationFile=" + quietLogging());
        command.addAll(List.of("-cp", sparkClasspath(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--class", "dev.vmreplay.spark.SubmitMain", required("vmreplay.appJar")));
        command.addAll(List.of(vmreplayArgs));
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("spark-submit did not end within 5 minutes: " + String.join(" ", vmreplayArgs) + "\n"
                    + Files.readString(stderr));
        }
        return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Result local(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VmreplayCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertSameFiles(Path expected, Path actual, List<String> files) throws Exception {
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)),
                    f + " differs from the local one");
        }
    }

    @Test
    void aSweepSubmittedWithTheApplicationJarWritesTheLocalSweepsTables() throws Exception {
        String grid = dir.resolve("grid.yaml").toString();
        Result local = local("sweep", "--grid", grid, "--out", dir.resolve("sweep-local").toString(), "--threads", "2");
        assertEquals(0, local.exitCode(), local::toString);
        Result submitted = sparkSubmit("sweep", "--grid", grid, "--out", dir.resolve("sweep-submit").toString());
        assertEquals(0, submitted.exitCode(), submitted::toString);
        assertTrue(submitted.stdout().startsWith("4 runs (4 run now, 0 kept from before)"), submitted::toString);
        assertSameFiles(dir.resolve("sweep-local"), dir.resolve("sweep-submit"),
                List.of(ResultsWriter.RESULTS_PARQUET, ResultsWriter.RESULTS_CSV, ResultsWriter.PASSES_PARQUET));
    }

    @Test
    void aFleetPlanSubmittedWithTheApplicationJarWritesTheLocalPlan() throws Exception {
        List<String> plan = List.of("plan", "--fleet", dir.resolve("fleet.csv").toString(), "--link", "10Gbit/s",
                "--window", "2min", "--downtime-sla", "300ms", "--presets", "qemu-precopy,seeds-all", "--tolerance",
                "0.05", "--set", "trace.end=loop");
        List<String> localArgs = new ArrayList<>(plan);
        localArgs.addAll(List.of("--out", dir.resolve("plan-local").toString(), "--threads", "2"));
        Result local = local(localArgs.toArray(String[]::new));
        assertEquals(0, local.exitCode(), local::toString);
        List<String> submitArgs = new ArrayList<>(plan);
        submitArgs.addAll(List.of("--out", dir.resolve("plan-submit").toString()));
        Result submitted = sparkSubmit(submitArgs.toArray(String[]::new));
        assertEquals(0, submitted.exitCode(), submitted::toString);
        assertSameFiles(dir.resolve("plan-local"), dir.resolve("plan-submit"), List.of("plan.md", "plan.html"));
    }

    @Test
    void badInputUnderSparkSubmitIsTheLocalOneLineErrorWithExitCode2() throws Exception {
        Path grid = Files.writeString(dir.resolve("missing.yaml"), "traces: [no-such.parquet]\npresets: [qemu-precopy]\n");
        Result local = local("sweep", "--grid", grid.toString(), "--out", dir.resolve("bad-local").toString());
        assertEquals(2, local.exitCode(), local::toString);
        String line = local.stderr().strip();
        assertTrue(line.startsWith("vmreplay: ") && !line.contains("\n"), local::toString);
        Result submitted = sparkSubmit("sweep", "--grid", grid.toString(), "--out", dir.resolve("bad-submit").toString());
        assertEquals(2, submitted.exitCode(), submitted::toString);
        assertTrue(submitted.stderr().lines().anyMatch(line::equals), () -> "expected the line '" + line + "' in\n"
                + submitted.stderr());
        assertTrue(submitted.stderr().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + submitted);
        assertTrue(Files.notExists(dir.resolve("bad-submit")), "nothing written");
    }

    @Test
    void theApplicationJarLeavesOutWhatTheClusterProvidesAndRenamesOurParquetApart() throws Exception {
        List<String> entries = new ArrayList<>();
        try (var jar = new java.util.jar.JarFile(required("vmreplay.appJar"))) {
            jar.stream().forEach(e -> entries.add(e.getName()));
            assertEquals(SubmitMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        for (String provided : List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "com/fasterxml/jackson/core/",
                "org/slf4j/", "org/apache/parquet/", "org/roaringbitmap/")) {
            assertTrue(entries.stream().noneMatch(e -> e.startsWith(provided)), provided + " is in the jar");
        }
        for (String ours : List.of("dev/vmreplay/cli/VmreplayCommand.class", "dev/vmreplay/engine/",
                "dev/vmreplay/shaded/org/apache/parquet/hadoop/ParquetFileReader.class", "org/apache/arrow/vector/")) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(ours)), ours + " is missing from the jar");
        }
    }
}
