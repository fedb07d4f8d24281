package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.ResultsReader;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepRunnerTest {
    private static final String GRID = """
            traces: [traces/*.parquet]
            presets: [qemu-precopy, seeds-all, stop-and-copy]
            axes:
              link.bandwidth: [1Gbit/s, 10Gbit/s]
              precopy.downtime-target: [100ms, 300ms]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void traces() {
        FakeBackend.writeTrace(dir.resolve("traces/a.parquet"), 1L << 30);
        FakeBackend.writeTrace(dir.resolve("traces/b.parquet"), 4L << 30);
    }

    private List<RunSpec> runs(FakeBackend backend) {
        return new GridParser(backend).parse(dir.resolve("grid.yaml"), GRID).runs();
    }

    @Test
    void sweepWritesOneRowPerTraceAndConfigurationWithMetricsAndSettings() {
        FakeBackend backend = new FakeBackend();
        Path out = dir.resolve("out");
        SweepRunner.Outcome outcome = new SweepRunner(backend, 2, SweepListener.NONE).run(runs(backend), out);
        assertEquals(24, outcome.ran());
        Table results = ResultsReader.readResults(out);
        assertEquals(24, results.rowCount());
        assertTrue(results.columnNames().containsAll(List.of("trace", "io_trace", "preset", "downtime_ns", "total_ns",
                "contiguity_loss", "converged", "config.link.bandwidth", "config.precopy.max-passes")));
        // Row 0: a.parquet, qemu-precopy, 1Gbit/s, 100ms: total = 2 * 1 GiB / 125 MB/s.
        assertEquals("traces/a.parquet", results.stringColumn("trace").get(0));
        assertEquals("qemu-precopy", results.stringColumn("preset").get(0));
        assertEquals("1Gbit/s", results.stringColumn("config.link.bandwidth").get(0));
        assertEquals("100ms", results.stringColumn("config.precopy.downtime-target").get(0));
        assertEquals(Math.round(2.0 * (1L << 30) / 125e6 * 1e9), results.longColumn("total_ns").get(0));
        assertEquals("traces/b.parquet", results.stringColumn("trace").get(23));
        assertEquals("stop-and-copy", results.stringColumn("preset").get(23));
        assertEquals(1.0, results.doubleColumn("contiguity_loss").getDouble(0) * 2);
        Table passes = ResultsReader.readPasses(out);
        // qemu-precopy and seeds-all: 3 passes + final; stop-and-copy: the final only.
        assertEquals(2 * 4 * (4 + 4 + 1), passes.rowCount());
        assertTrue(passes.columnNames().containsAll(List.of("pass", "start_ns", "duration_ns", "pages_sent", "bytes_sent",
                "dirty_pages_at_end", "trace_installs", "trace_fires", "guest_stall_vcpu_ns", "final")));
        assertTrue(Files.exists(out.resolve("results.csv")));
    }

    @Test
    void outputsAreByteIdenticalWhateverTheThreadCount() throws Exception {
        FakeBackend backend = new FakeBackend();
        new SweepRunner(backend, 1, SweepListener.NONE).run(runs(backend), dir.resolve("one"));
        new SweepRunner(backend, 4, SweepListener.NONE).run(runs(backend), dir.resolve("four"));
        for (String f : List.of(ResultsWriter.RESULTS_CSV, ResultsWriter.RESULTS_PARQUET, ResultsWriter.PASSES_PARQUET)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)),
                    Files.readAllBytes(dir.resolve("four").resolve(f)), f);
        }
    }

    /** Fails every run after the first {@code okRuns}, like a crash half way through. */
    private static final class CrashingBackend extends FakeBackend {
        private final int okRuns;
        private final AtomicInteger started = new AtomicInteger();

        CrashingBackend(int okRuns) {
            this.okRuns = okRuns;
        }

        @Override
        public RunResult run(RunSpec spec) {
            if (started.incrementAndGet() > okRuns) {
                throw new IllegalStateException("simulated crash");
            }
            return super.run(spec);
        }
    }

    @Test
    void sweepStoppedMidwayResumesWithoutDuplicatesOrLosses() throws Exception {
        Path out = dir.resolve("out");
        CrashingBackend crashing = new CrashingBackend(9);
        SweepFailedException failure = assertThrows(SweepFailedException.class,
                () -> new SweepRunner(crashing, 2, SweepListener.NONE).run(runs(crashing), out));
        assertTrue(failure.getMessage().contains("simulated crash"), failure.getMessage());
        assertFalse(Files.exists(out.resolve(ResultsWriter.RESULTS_PARQUET)), "no results from a failed sweep");
        long stored;
        try (var files = Files.list(out.resolve("runs"))) {
            stored = files.filter(p -> p.toString().endsWith(".json")).count();
        }
        assertEquals(9, stored, "every finished run is kept");

        FakeBackend resumed = new FakeBackend();
        List<String> resumedRuns = new ArrayList<>();
        SweepListener listener = new SweepListener() {
            @Override
            public synchronized void finished(RunSpec run, int done, int total) {
                resumedRuns.add(run.runId());
            }
        };
        SweepRunner.Outcome outcome = new SweepRunner(resumed, 2, listener).run(runs(resumed), out);
        assertEquals(9, outcome.kept());
        assertEquals(15, outcome.ran());
        assertEquals(15, resumed.runs.get(), "only the missing runs are run again");

        Table results = ResultsReader.readResults(out);
        assertEquals(24, results.rowCount());
        Set<String> ids = new HashSet<>(results.stringColumn("run_id").asList());
        assertEquals(24, ids.size(), "no duplicate rows");

        FakeBackend fresh = new FakeBackend();
        new SweepRunner(fresh, 2, SweepListener.NONE).run(runs(fresh), dir.resolve("fresh"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("fresh").resolve(ResultsWriter.RESULTS_CSV)),
                Files.readAllBytes(out.resolve(ResultsWriter.RESULTS_CSV)), "resumed results equal an uninterrupted sweep");

        FakeBackend again = new FakeBackend();
        assertEquals(24, new SweepRunner(again, 2, SweepListener.NONE).run(runs(again), out).kept());
        assertEquals(0, again.runs.get(), "a finished sweep runs nothing again");
    }

    @Test
    void changedTraceFileIsRunAgain() throws Exception {
        Path out = dir.resolve("out");
        FakeBackend first = new FakeBackend();
        new SweepRunner(first, 2, SweepListener.NONE).run(runs(first), out);
        FakeBackend.writeTrace(dir.resolve("traces/a.parquet"), 3L << 30);
        Files.setLastModifiedTime(dir.resolve("traces/a.parquet"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        FakeBackend second = new FakeBackend();
        SweepRunner.Outcome outcome = new SweepRunner(second, 2, SweepListener.NONE).run(runs(second), out);
        assertEquals(12, outcome.ran(), "the 12 runs of the changed trace");
    }

    @Test
    void secondSweepIntoABusyDirectoryIsRefused() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FakeBackend blocking = new FakeBackend() {
            @Override
            public RunResult run(RunSpec spec) {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.run(spec);
            }
        };
        Path out = dir.resolve("out");
        Thread first = new Thread(() -> new SweepRunner(blocking, 1, SweepListener.NONE).run(runs(blocking), out));
        first.start();
        try {
            running.await();
            FakeBackend second = new FakeBackend();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SweepRunner(second, 1, SweepListener.NONE).run(runs(second), out));
            assertTrue(e.getMessage().contains("another sweep is writing into"), e.getMessage());
            assertEquals(0, second.runs.get());
        } finally {
            release.countDown();
            first.join();
        }
        assertEquals(24, ResultsReader.readResults(out).rowCount(), "the first sweep finished undisturbed");
    }
}
