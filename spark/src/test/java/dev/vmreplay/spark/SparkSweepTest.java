package dev.vmreplay.spark;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepFailedException;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same grid swept locally and on Spark {@code local[2]}: identical tables, and a Spark sweep
 * resumes from records stored before, also by a driver that was killed. One Spark context serves
 * every test in this JVM (each start costs seconds).
 */
class SparkSweepTest {
    /** The demo fleet's grid, swept on local[2] here and on a standalone cluster in StandaloneClusterTest. */
    static final String GRID = """
            traces:
              - {memory: db-io.parquet, io: db-io.io.parquet}
              - web-hotcold.parquet
            presets: [qemu-precopy, stop-and-copy, seeds-all]
            settings: {migration.start: 500ms}
            axes: {link.bandwidth: [10Gbit/s, 25Gbit/s]}
            """;
    private static final List<String> TABLES = List.of(ResultsWriter.RESULTS_PARQUET, ResultsWriter.RESULTS_CSV,
            ResultsWriter.PASSES_PARQUET);

    @TempDir
    static Path dir;

    private static List<RunSpec> runs;
    private static Path local;
    private static SparkSweepRunner spark;

    @BeforeAll
    static void sweepLocally() throws Exception {
        new GeneratedDemoFleet().prepare(dir);
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        runs = new GridParser(new EngineBackend()).parse(grid).runs();
        assertEquals(12, runs.size());
        local = dir.resolve("local");
        new SweepRunner(new EngineBackend(), 2, SweepListener.NONE).run(runs, local);
        spark = new SparkSweepRunner("local[2]");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
        }
    }

    private static void assertSameTables(Path expected, Path actual) throws Exception {
        for (String table : TABLES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(table)), Files.readAllBytes(actual.resolve(table)),
                    table + " differs from the local sweep's");
        }
    }

    @Test
    void aSweepOnSparkWritesTheLocalSweepsTablesByteForByte() throws Exception {
        Path out = dir.resolve("spark");
        SweepRunner.Outcome outcome = new SweepRunner(spark, SweepListener.NONE).run(runs, out);
        assertEquals(runs.size(), outcome.ran());
        assertSameTables(local, out);
        for (RunSpec run : runs) { // and the stored run records too
            String file = "runs/" + run.runId() + ".json";
            assertArrayEquals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
        }
    }

    @Test
    void aSweepOnSparkRunsOnlyTheRunsNotStoredYet() throws Exception {
        Path out = dir.resolve("resumed");
        List<RunSpec> before = List.of(runs.get(0), runs.get(5), runs.get(11));
        new SweepRunner(new EngineBackend(), 1, SweepListener.NONE).run(before, out);

        List<String> ranOnSpark = Collections.synchronizedList(new ArrayList<>());
        SweepListener listener = new SweepListener() {
            @Override
            public void finished(RunSpec run, int done, int total) {
                ranOnSpark.add(run.runId());
            }
        };
        SweepRunner.Outcome outcome = new SweepRunner(spark, listener).run(runs, out);
        assertEquals(3, outcome.kept());
        assertEquals(runs.size() - 3, outcome.ran());
        Set<String> expected = new HashSet<>();
        runs.stream().filter(r -> !before.contains(r)).forEach(r -> expected.add(r.runId()));
        assertEquals(expected, new HashSet<>(ranOnSpark), "exactly the missing runs ran");
        assertEquals(runs.size() - 3, ranOnSpark.size(), "each once");
        assertSameTables(local, out);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSweepWhoseDriverWasKilledResumesWithNothingLostOrDoubled() throws Exception {
        Path out = dir.resolve("driver-killed");
        int stopAfter = 3;
        try (JvmProcess driver = JvmProcess.start("sweep-driver", dir.resolve("logs"), Map.of(), "1g",
                SweepDriverMain.class.getName(), dir.resolve("grid.yaml").toString(), out.toString(), "local[2]",
                String.valueOf(stopAfter))) {
            driver.await("'" + SweepDriverMain.STOPPED + "' from the driver", Duration.ofSeconds(120),
                    () -> driver.logText().contains(SweepDriverMain.STOPPED));
            driver.kill(); // SIGKILL: no shutdown hook, no finally, the lock file stays
        }
        assertTrue(Files.exists(out.resolve(SweepRunner.LOCK_FILE)), "the killed driver left its lock file");
        Set<String> storedBefore = new HashSet<>();
        try (Stream<Path> files = Files.list(out.resolve("runs"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(n -> storedBefore.add(n.substring(0, n.length() - ".json".length())));
        }
        assertTrue(storedBefore.size() >= stopAfter && storedBefore.size() < runs.size(),
                "the driver was killed in the middle of the sweep: " + storedBefore.size() + " runs stored");
        // what a kill in the middle of storing a record leaves (AtomicOutput's temporary: .NAME.<random>.tmp)
        Files.writeString(out.resolve("runs").resolve("." + runs.get(0).runId() + ".json.k2x9q.tmp"), "{\"run_id\": ");

        List<String> ranAgain = Collections.synchronizedList(new ArrayList<>());
        SweepListener listener = new SweepListener() {
            @Override
            public void finished(RunSpec run, int done, int total) {
                ranAgain.add(run.runId());
            }
        };
        SweepRunner.Outcome outcome = new SweepRunner(spark, listener).run(runs, out);
        assertEquals(storedBefore.size(), outcome.kept());
        Set<String> missing = new HashSet<>();
        runs.stream().map(RunSpec::runId).filter(id -> !storedBefore.contains(id)).forEach(missing::add);
        assertEquals(missing, new HashSet<>(ranAgain), "exactly the runs not stored before ran");
        assertEquals(missing.size(), ranAgain.size(), "each once");
        try (Stream<Path> files = Files.list(out.resolve("runs"))) {
            assertEquals(runs.size(), files.count(), "one record per run and nothing else in runs/");
        }
        assertTrue(Files.notExists(out.resolve(SweepRunner.LOCK_FILE)), "the lock file is removed at the end");
        assertSameTables(local, out);
    }

    @Test
    void otherMastersAreRefusedBeforeSparkStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkSweepRunner("yarn"));
        assertTrue(e.getMessage().contains("local[N]"), e.getMessage());
        new SparkSweepRunner("local[*]").close();
        new SparkSweepRunner("spark://10.0.0.1:7077").close();
    }

    @Test
    void aRunThatFailsOnSparkFailsTheSweepAsLocallyWithoutASparkStackTrace() throws Exception {
        Path bad = dir.resolve("bad.parquet");
        Files.writeString(bad, "not a parquet file");
        RunSpec badRun = new RunSpec(bad, null, "bad.parquet", null, "qemu-precopy", java.util.Map.of(), 0);
        List<RunSpec> failing = List.of(badRun);
        SweepFailedException expected = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(new EngineBackend(), 1, SweepListener.NONE).run(failing, dir.resolve("bad-local")));
        SweepFailedException actual = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(spark, SweepListener.NONE).run(failing, dir.resolve("bad-spark")));
        assertEquals(expected.getMessage(), actual.getMessage());
        String expectedLine = SparkSweepRunner.badInputMessage(expected);
        assertTrue(expectedLine != null, "a damaged trace is bad input: " + expected);
        assertEquals(expectedLine, SparkSweepRunner.badInputMessage(actual));
    }

    @Test
    void aRunThatFailsAmongRunsStillGoingFailsTheSweepAsLocally() throws Exception {
        // The failure cancels the Spark job while the other runs are under way; Spark then throws its
        // (checked) SparkException, which must not replace the run's own error.
        Path bad = dir.resolve("bad-among.parquet");
        Files.writeString(bad, "not a parquet file");
        RunSpec badRun = new RunSpec(bad, null, "bad-among.parquet", null, "qemu-precopy", java.util.Map.of(), 0);
        List<RunSpec> mixed = List.of(badRun, runs.get(0), runs.get(1), runs.get(2), runs.get(3));
        SweepFailedException expected = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(new EngineBackend(), 1, SweepListener.NONE).run(List.of(badRun),
                        dir.resolve("bad-among-local")));
        SweepFailedException actual = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(spark, SweepListener.NONE).run(mixed, dir.resolve("bad-among-spark")));
        assertEquals(SparkSweepRunner.badInputMessage(expected), SparkSweepRunner.badInputMessage(actual),
                actual::toString);
    }

    @Test
    void aFailureOutsideTheInputStaysAnInternalError() {
        assertEquals(null, SparkSweepRunner.badInputMessage(new SparkSweepRunner.RemoteRunException(
                "java.lang.NullPointerException", "boom", null)));
        assertEquals("bad value", SparkSweepRunner.badInputMessage(new SparkSweepRunner.RemoteRunException(
                "x.Y", "wrapped: bad value", "bad value")));
    }
}
