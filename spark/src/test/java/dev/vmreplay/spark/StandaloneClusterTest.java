package dev.vmreplay.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepFailedException;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import dev.vmreplay.datasets.Catalogue;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spark standalone cluster on 127.0.0.1 started from the Maven jars: a master and two workers of
 * one core each, each its own JVM. A sweep on it writes the local sweep's tables (as local[2] does
 * in SparkSweepTest, for the same grid), also when a worker is killed in the middle of a run; a run
 * with bad input fails as it does locally.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    /**
     * 12 runs of about 0.7-1.5 s each (the guests loop until the 200 s bound): long enough that a worker
     * killed while it runs one loses that run, short enough for a test.
     */
    private static final String GRID = """
            traces: [sort-dirty-epochs.parquet, python-dict-dirty-epochs.parquet]
            presets: [qemu-precopy]
            settings: {trace.end: loop, migration.timeout: 200s}
            axes: {link.bandwidth: [5Gbit/s, 10Gbit/s, 15Gbit/s, 25Gbit/s, 40Gbit/s, 100Gbit/s]}
            """;
    private static final List<String> TABLES = List.of(ResultsWriter.RESULTS_PARQUET, ResultsWriter.RESULTS_CSV,
            ResultsWriter.PASSES_PARQUET);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static final List<JvmProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private static JvmProcess master;
    private static final List<JvmProcess> workers = new ArrayList<>();
    private static List<RunSpec> runs;
    private static Path local;
    private static SparkSweepRunner cluster;

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // the class's @Timeout covers test methods only
    static void startClusterAndSweepLocally() throws Exception {
        // In case surefire's JVM ends without running @AfterAll: never leave Spark JVMs behind.
        Runtime.getRuntime().addShutdownHook(new Thread(StandaloneClusterTest::killAll));
        Path traces = dir.resolve("traces");
        Catalogue.extract("sort-dirty-epochs", traces);
        Catalogue.extract("python-dict-dirty-epochs", traces);
        Path grid = traces.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        runs = new GridParser(new EngineBackend()).parse(grid).runs();
        assertEquals(12, runs.size());

        int port = freePort();
        int webUiPort = freePort();
        master = start(JvmProcess.start("master", dir.resolve("logs"), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), "256m",
                "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUiPort)));
        // What a worker needs besides its classpath: SPARK_HOME with a jars/ directory and the Scala version,
        // or its command builder refuses to launch executors. The executors' classpath then comes from the
        // driver's spark.executor.extraClassPath (SparkSweepRunner sets it to its own classpath).
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        for (int i = 1; i <= 2; i++) {
            Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                    "SPARK_LOCAL_IP", "127.0.0.1",
                    "SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("worker-" + i + "-tmp")).toString());
            workers.add(start(JvmProcess.start("worker-" + i, dir.resolve("logs"), env, "256m",
                    "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port,
                    "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
                    "--work-dir", Files.createDirectories(workDir(i)).toString())));
        }
        local = dir.resolve("local"); // while the cluster starts
        new SweepRunner(new EngineBackend(), 2, SweepListener.NONE).run(runs, local);
        URI json = URI.create("http://127.0.0.1:" + webUiPort + "/json/");
        master.await("2 alive workers in " + json + workers.stream().map(JvmProcess::logTail)
                .collect(Collectors.joining("\n", "\n", "")), START_TIMEOUT, () -> aliveWorkers(json) == 2);

        cluster = new SparkSweepRunner("spark://127.0.0.1:" + port,
                Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1"));
    }

    private static JvmProcess start(JvmProcess p) {
        processes.add(p);
        return p;
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            killAll();
        }
    }

    private static void killAll() {
        RuntimeException first = null;
        synchronized (processes) {
            for (JvmProcess p : processes) {
                try {
                    p.kill();
                } catch (RuntimeException e) { // kill the others all the same
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int aliveWorkers(URI json) {
        try {
            JsonNode state = new ObjectMapper().readTree(json.toURL());
            int alive = 0;
            for (JsonNode worker : state.path("workers")) {
                if ("ALIVE".equals(worker.path("state").asText())) {
                    alive++;
                }
            }
            return alive;
        } catch (IOException e) {
            return 0; // the web UI is not up yet
        }
    }

    private static void assertSameTables(Path expected, Path actual) throws IOException {
        for (String table : TABLES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(table)), Files.readAllBytes(actual.resolve(table)),
                    table + " differs from the local sweep's");
        }
    }

    @Test
    @Order(1)
    void aRunWithBadInputFailsTheClusterSweepWithTheLocalSweepsMessage() throws Exception {
        Path bad = dir.resolve("traces").resolve("bad.parquet");
        Files.writeString(bad, "not a parquet file");
        List<RunSpec> failing = List.of(new RunSpec(bad, null, "bad.parquet", null, "qemu-precopy", Map.of(), 0));
        SweepFailedException expected = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(new EngineBackend(), 1, SweepListener.NONE).run(failing, dir.resolve("bad-local")));
        SweepFailedException actual = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(cluster, SweepListener.NONE).run(failing, dir.resolve("bad-cluster")));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertNotNull(SparkSweepRunner.badInputMessage(expected), "a damaged trace is bad input: " + expected);
        assertEquals(SparkSweepRunner.badInputMessage(expected), SparkSweepRunner.badInputMessage(actual));
    }

    /** Which task runs on which executor, as the driver's scheduler reports it. */
    private static final class TaskWatcher extends SparkListener {
        final Map<Long, TaskInfo> running = new ConcurrentHashMap<>();
        final List<String> lostOnExecutor = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            running.put(start.taskInfo().taskId(), start.taskInfo());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            running.remove(end.taskInfo().taskId());
            if (end.reason() instanceof ExecutorLostFailure) {
                lostOnExecutor.add(end.taskInfo().executorId());
            }
        }

        /** The executor of the run started last: the one furthest from its end. */
        Optional<String> executorOfTheLatestRun() {
            return running.values().stream().max(Comparator.comparingLong(TaskInfo::launchTime))
                    .map(TaskInfo::executorId);
        }
    }

    /** The worker that launched the executor: it runs it in {@code WORK_DIR/APP_ID/EXECUTOR_ID}. */
    private static Optional<JvmProcess> workerOf(String executorId) {
        String app = cluster.context().sc().applicationId();
        for (int i = 0; i < workers.size(); i++) {
            if (Files.isDirectory(workDir(i + 1).resolve(app).resolve(executorId))) {
                return Optional.of(workers.get(i));
            }
        }
        return Optional.empty();
    }

    private static Path workDir(int worker) {
        return dir.resolve("worker-" + worker);
    }

    private static long storedRuns(Path out) {
        try (Stream<Path> files = Files.list(out.resolve("runs"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            return 0; // not created yet
        }
    }

    @Test
    @Order(2)
    void theGridSweptOnLocal2InSparkSweepTestWritesTheLocalSweepsTablesOnTheClusterToo() throws Exception {
        Path fleet = dir.resolve("demo");
        new GeneratedDemoFleet().prepare(fleet);
        Path grid = fleet.resolve("grid.yaml");
        Files.writeString(grid, SparkSweepTest.GRID);
        List<RunSpec> demo = new GridParser(new EngineBackend()).parse(grid).runs();
        new SweepRunner(new EngineBackend(), 2, SweepListener.NONE).run(demo, fleet.resolve("local"));
        SweepRunner.Outcome outcome = new SweepRunner(cluster, SweepListener.NONE).run(demo, fleet.resolve("cluster"));
        assertEquals(demo.size(), outcome.ran());
        assertSameTables(fleet.resolve("local"), fleet.resolve("cluster"));
    }

    @Test
    @Order(3)
    void aWorkerKilledInTheMiddleOfARunLosesNothingAndTheTablesMatchTheLocalSweep() throws Exception {
        Path out = dir.resolve("cluster");
        TaskWatcher tasks = new TaskWatcher();
        cluster.context().sc().addSparkListener(tasks);
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        SweepListener listener = new SweepListener() {
            @Override
            public void finished(RunSpec run, int done, int total) {
                finished.add(run.runId());
            }
        };
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try {
            Future<SweepRunner.Outcome> sweep = driver.submit(() -> new SweepRunner(cluster, listener).run(runs, out));

            // Kill a worker once some runs are stored, while its executor is in the middle of a run.
            master.await("2 stored runs in " + out, START_TIMEOUT, () -> storedRuns(out) >= 2 || sweep.isDone());
            assertFalse(sweep.isDone(), "the sweep ended before a worker could be killed: " + finished);
            String executor = null;
            JvmProcess victim = null;
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (victim == null) {
                assertTrue(System.nanoTime() < deadline && !sweep.isDone(),
                        "no executor of a worker was seen running a task: " + tasks.running.keySet() + " (last: "
                                + executor + ")");
                Optional<String> busy = tasks.executorOfTheLatestRun();
                if (busy.isPresent()) {
                    executor = busy.get();
                    victim = workerOf(executor).orElse(null);
                }
                if (victim == null) {
                    Thread.sleep(20);
                }
            }
            long storedBeforeKill = storedRuns(out);
            victim.kill();
            assertTrue(storedBeforeKill < runs.size(), "the worker was killed after the last run was stored");

            SweepRunner.Outcome outcome = sweep.get(4, TimeUnit.MINUTES);
            assertEquals(runs.size(), outcome.ran());
            String killed = executor;
            master.await("the scheduler reporting that the killed worker's executor " + killed + " lost the run it"
                    + " was running (lost on: " + tasks.lostOnExecutor + ")", Duration.ofSeconds(30),
                    () -> tasks.lostOnExecutor.contains(killed)); // listener events arrive asynchronously
            for (JvmProcess worker : workers) {
                if (worker != victim) {
                    assertTrue(worker.isAlive(), worker.name() + " died too\n" + worker.logTail());
                }
            }
        } finally {
            driver.shutdownNow();
        }

        // Every run stored exactly once, nothing else.
        Set<String> expected = runs.stream().map(RunSpec::runId).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(runs.size(), finished.size(), "each run handed over once: " + finished);
        assertEquals(expected, new TreeSet<>(finished));
        try (Stream<Path> files = Files.list(out.resolve("runs"))) {
            assertEquals(expected.stream().map(id -> id + ".json").toList(),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertSameTables(local, out);
        List<String> differing = new ArrayList<>();
        for (RunSpec run : runs) {
            String file = "runs/" + run.runId() + ".json";
            if (!Arrays.equals(Files.readAllBytes(local.resolve(file)), Files.readAllBytes(out.resolve(file)))) {
                differing.add(file);
            }
        }
        assertEquals(List.of(), differing, "run records that differ from the local sweep's");
    }
}
