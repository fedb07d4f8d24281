package dev.vmreplay.cli;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.AtomicFiles;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepGrid;
import dev.vmreplay.analysis.sweep.SweepExecutor;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import dev.vmreplay.analysis.sweep.TerminalProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmreplay sweep --grid GRID.yaml --out DIR}: every trace x preset x axis value, in parallel, resumable. */
@Command(
        name = "sweep",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Run the cross product of a grid's traces, presets and parameter axes on all cores and write"
                    + " DIR/results.parquet, DIR/results.csv (one row per trace x configuration: every metric and every"
                    + " setting as config.<key>) and DIR/passes.parquet (one row per pass).",
            "Each finished run is kept in DIR/runs/ as soon as it ends: running the same sweep again skips"
                    + " finished runs, so a stopped sweep resumes. The whole grid is checked before any run starts.",
            "Grid format (YAML):",
            "  traces: [traces/*.parquet, {memory: vm1.parquet, io: vm1-io.parquet, memory-size: 8GiB}]",
            "  presets: [qemu-precopy, seeds-all]      # or 'all' (default)",
            "  settings: {migration.start: 1s}          # set in every run",
            "  axes: {link.bandwidth: [10Gbit/s, 25Gbit/s], precopy.downtime-target: [100ms, 300ms]}",
            "Trace paths are relative to the grid file."
        })
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--grid", required = true, paramLabel = "GRID.yaml", description = "The sweep grid.")
    private Path grid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory (created if missing).")
    private Path out;

    @Option(names = "--force", description = "Sweep into a --out that holds another grid's results, replacing its tables.")
    private boolean force;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the runs as Spark tasks, one run per task:"
            + " local[N], local[*] or spark://HOST:PORT. Traces must sit where every executor sees them at the same path."
            + " Needs the optional spark module (./vmreplay builds it when --spark is given).")
    private String sparkMaster;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    private final Supplier<ReplayBackend> backends;

    public SweepCommand() {
        this(EngineBackend::new);
    }

    SweepCommand(Supplier<ReplayBackend> backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() throws Exception {
        // Everything is checked before anything is created in --out: the options, the whole grid
        // (traces row by row, every configuration against every guest) and what --out holds already.
        int threadCount = threads.count();
        try (SweepExecutor executor = sparkMaster == null ? null : sparkExecutor(sparkMaster)) {
            return sweep(threadCount, executor);
        }
    }

    private int sweep(int threadCount, SweepExecutor sparkOrNull) throws Exception {
        ReplayBackend backend = backends.get();
        SweepGrid parsed = new GridParser(backend).parse(grid);
        List<RunSpec> runs = parsed.runs();
        byte[] gridBytes = Files.readAllBytes(grid);
        checkOut(gridBytes);
        PrintWriter stdout = spec.commandLine().getOut();
        SweepListener progress = "1".equals(System.getenv(Progress.TTY_ENV)) ? new TerminalProgress(System.err)
                : new dev.vmreplay.analysis.sweep.LogProgress(spec.commandLine().getErr(), "sweep");
        SweepRunner runner = sparkOrNull == null ? new SweepRunner(backend, threadCount, progress)
                : new SweepRunner(sparkOrNull, progress);
        SweepRunner.Outcome outcome = runner.run(runs, out,
                () -> AtomicFiles.writeBytes(out.resolve(KEPT_GRID), gridBytes));
        stdout.println(runs.size() + " runs (" + outcome.ran() + " run now, " + outcome.kept() + " kept from before): "
                + parsed.traces().size() + " trace(s) x " + parsed.presets().size() + " preset(s) x "
                + parsed.configurations().size() + " configuration(s)");
        stdout.println("results: " + out.resolve(ResultsWriter.RESULTS_PARQUET) + ", " + out.resolve(ResultsWriter.RESULTS_CSV)
                + ", " + out.resolve(ResultsWriter.PASSES_PARQUET));
        stdout.println("next: vmreplay report " + out);
        stdout.flush();
        return 0;
    }

    /** The Spark executor class of the optional spark module, looked up by name: the cli never depends on Spark. */
    static final String SPARK_EXECUTOR = "dev.vmreplay.spark.SparkSweepRunner";

    /** The spark module's executor for {@code master} (checked, Spark not started yet). */
    static SweepExecutor sparkExecutor(String master) {
        Class<?> type;
        try {
            type = Class.forName(SPARK_EXECUTOR);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--spark needs the optional spark module, which is not on the classpath;"
                    + " run through ./vmreplay (it builds the module when --spark is given) or build it with"
                    + " 'mvn -pl cli,spark -am package' and add spark/target/vmreplay-spark.jar and spark/target/lib/*"
                    + " to the classpath");
        }
        try {
            return (SweepExecutor) type.getConstructor(String.class).newInstance(master);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot set up Spark: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot set up Spark (" + SPARK_EXECUTOR + "): " + e, e);
        }
    }

    /** Refuses an --out that is not a directory, or that holds the results of a different grid (unless --force). */
    private void checkOut(byte[] gridBytes) throws java.io.IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
        }
        Path kept = out.resolve(KEPT_GRID);
        if (!force && Files.isRegularFile(kept) && !java.util.Arrays.equals(Files.readAllBytes(kept), gridBytes)) {
            throw new IllegalArgumentException("--out " + out + " holds the results of another grid (" + kept
                    + "); use another --out, or --force to replace them");
        }
    }

    private static final String KEPT_GRID = "grid.yaml";
}
