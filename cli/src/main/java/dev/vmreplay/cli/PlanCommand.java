package dev.vmreplay.cli;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.plan.CapacityPlanner;
import dev.vmreplay.analysis.plan.Evacuation;
import dev.vmreplay.analysis.plan.FleetFile;
import dev.vmreplay.analysis.plan.PlanReport;
import dev.vmreplay.analysis.plan.PlanRequest;
import dev.vmreplay.analysis.plan.PlanResult;
import dev.vmreplay.analysis.report.ReportFiles;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepExecutor;
import dev.vmreplay.analysis.sweep.TraceFiles;
import dev.vmreplay.units.Quantity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmreplay plan --traces ... --link 25Gbit/s --window 1h --downtime-sla 500ms [--concurrent N]}:
 * which technique keeps every VM under the SLA, how many migrations fit in the window, the smallest link.
 * With {@code --fleet FILE} instead of {@code --traces}: the fleet's hosts are evacuated under
 * {@code --per-host} and {@code --concurrent} limits, and the plan reports when each host is empty.
 */
@Command(
        name = "plan",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Capacity planning for a fleet of recorded guests: every technique is replayed on every trace with the link"
                    + " split evenly among --concurrent migrations; migrations run in waves of that size, longest first."
                    + " Prints, per technique, how many VMs stay under the downtime SLA, the fleet time, how many"
                    + " migrations fit in the window and the smallest link that fits them all (searched to within the"
                    + " tolerance, assuming more bandwidth never hurts).",
            "With --fleet FILE (CSV or Parquet: vm, trace, io_trace, memory, source_host, count) the plan drains the"
                    + " fleet's source hosts instead: each host's --link is split among --per-host outbound migrations,"
                    + " at most --concurrent run in the cluster, longest first; it adds the time to evacuate each host"
                    + " and the migrations that fail.",
            "Writes the table and charts to DIR/plan.html (self-contained) and DIR/plan.md."
        })
public final class PlanCommand implements Callable<Integer> {
    @Option(names = "--traces", arity = "1..*", paramLabel = "TRACE",
            description = "Memory traces of the fleet: files or globs, one VM each (or --fleet).")
    private List<String> traces;

    @Option(names = "--fleet", paramLabel = "FILE",
            description = "A fleet description (.csv or .parquet): one row per VM or class of VMs, with its source host"
                    + " and count; plans a host evacuation (or --traces).")
    private Path fleetFile;

    @Option(names = "--per-host", paramLabel = "N",
            description = "With --fleet: migrations at once from one source host, sharing its link (default: "
                    + Evacuation.DEFAULT_PER_HOST + ", KubeVirt's parallelOutboundMigrationsPerNode).")
    private Integer perHost;

    @Option(names = "--io", paramLabel = "TRACE=IO_TRACE", description = "An IO trace for one of the memory traces.")
    private Map<Path, Path> io = new LinkedHashMap<>();

    @Option(names = "--link", required = true, paramLabel = "RATE", description = "The migration network, e.g. 25Gbit/s.")
    private String link;

    @Option(names = "--window", required = true, paramLabel = "DURATION", description = "The maintenance window, e.g. 1h.")
    private String window;

    @Option(names = "--downtime-sla", required = true, paramLabel = "DURATION",
            description = "Downtime every VM must stay under, e.g. 500ms.")
    private String sla;

    @Option(names = "--concurrent", paramLabel = "N",
            description = "Migrations sharing the link at once (default: 1); with --fleet, at once in the whole cluster"
                    + " (default: " + Evacuation.DEFAULT_CONCURRENT + ", KubeVirt's parallelMigrationsPerCluster).")
    private Integer concurrent;

    @Option(names = "--presets", split = ",", paramLabel = "PRESET", description = "Techniques to compare (default: all presets).")
    private List<String> presets;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A configuration setting for every run (not link.bandwidth).")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--memory", paramLabel = "SIZE", description = "Guest memory to assume for traces without a manifest.")
    private String memory;

    @Option(names = "--tolerance", paramLabel = "FRACTION",
            description = "Relative precision of the smallest-link search (default: ${DEFAULT-VALUE}).")
    private double tolerance = PlanRequest.DEFAULT_TOLERANCE;

    @Option(names = "--out", paramLabel = "DIR", description = "Where plan.html and plan.md go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("vmreplay-plan");

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the replays as Spark tasks, one replay per task:"
            + " local[N], local[*] or spark://HOST:PORT (--threads does not apply). Traces must sit where every executor"
            + " sees them at the same path. Needs the optional spark module (./vmreplay builds it when --spark is given).")
    private String sparkMaster;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    private final Supplier<ReplayBackend> backends;

    public PlanCommand() {
        this(EngineBackend::new);
    }

    PlanCommand(Supplier<ReplayBackend> backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        int threadCount = threads.count(); // checked with --spark too
        // The master is checked first; Spark itself starts with the first replay, after every input is checked.
        try (SweepExecutor spark = sparkMaster == null ? null : SweepCommand.sparkExecutor(sparkMaster)) {
            return plan(threadCount, spark);
        }
    }

    private int plan(int threadCount, SweepExecutor sparkOrNull) {
        ReplayBackend backend = backends.get();
        SettingKeys.requireKnown(settings, backend.effectiveSettings(backend.presetNames().get(0), Map.of()).keySet());
        if ((traces == null) == (fleetFile == null)) {
            throw new IllegalArgumentException("give either --traces or --fleet");
        }
        List<RunSpec> fleet;
        Evacuation evacuation = null;
        if (fleetFile != null) {
            if (!io.isEmpty() || memory != null) {
                throw new IllegalArgumentException((io.isEmpty() ? "--memory" : "--io") + ": with --fleet, use the fleet "
                        + "file's " + (io.isEmpty() ? "memory" : "io_trace") + " column");
            }
            FleetFile.Fleet read = new FleetFile(backend).read(fleetFile);
            fleet = read.runs();
            evacuation = new Evacuation(read.placements(), perHost == null ? Evacuation.DEFAULT_PER_HOST : perHost);
        } else {
            if (perHost != null) {
                throw new IllegalArgumentException("--per-host: only with --fleet (the hosts come from the fleet file)");
            }
            fleet = tracesFleet(backend);
        }
        int cluster = concurrent != null ? concurrent : fleetFile != null ? Evacuation.DEFAULT_CONCURRENT : 1;
        List<String> techniques = presets == null ? backend.presetNames() : presets;
        for (String p : techniques) {
            if (!backend.presetNames().contains(p)) {
                throw new IllegalArgumentException("--presets: unknown preset '" + p + "' (known: "
                        + String.join(", ", backend.presetNames()) + ")");
            }
        }
        PlanRequest request = new PlanRequest(fleet, techniques, Quantity.parseBytesPerSecond("--link", link) * 8.0,
                Quantity.parseDurationNanos("--window", window), Quantity.parseDurationNanos("--downtime-sla", sla),
                cluster, settings, tolerance, evacuation);
        dev.vmreplay.analysis.sweep.SweepListener progress =
                new dev.vmreplay.analysis.sweep.LogProgress(spec.commandLine().getErr(), "plan");
        CapacityPlanner planner = sparkOrNull == null ? new CapacityPlanner(backend, threadCount, progress)
                : new CapacityPlanner(backend, sparkOrNull, progress);
        PlanResult plan = planner.plan(request);
        ReportFiles.Written w = ReportFiles.write(PlanReport.document(plan), out.resolve("plan.html"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(PlanReport.text(plan));
        stdout.println("plan: " + w.html() + " (markdown: " + w.markdown() + ")");
        stdout.flush();
        return 0;
    }

    private List<RunSpec> tracesFleet(ReplayBackend backend) {
        long memoryBytes = memory == null ? 0 : Quantity.parseBytes("--memory", memory);
        Path cwd = Path.of("").toAbsolutePath();
        Map<Path, Path> ioByTrace = new LinkedHashMap<>();
        io.forEach((k, v) -> ioByTrace.put(k.toAbsolutePath().normalize(), v.toAbsolutePath().normalize()));
        List<RunSpec> fleet = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String pattern : traces) {
            for (TraceLocation file : TraceFiles.locations(pattern, cwd)) {
                String label = file.label(cwd);
                if (seen.contains(label)) {
                    throw new IllegalArgumentException("--traces: " + label + " is named twice");
                }
                seen.add(label);
                Path ioPath = file.isRemote() ? null : ioByTrace.remove(file.localPath());
                TraceLocation ioFile = ioPath == null ? null : TraceLocation.of(ioPath);
                backend.checkTraces(file, ioFile, memoryBytes);
                fleet.add(new RunSpec(file, ioFile, label, ioFile == null ? null : ioFile.label(cwd),
                        "plan", Map.of(), memoryBytes));
            }
        }
        if (!ioByTrace.isEmpty()) {
            throw new IllegalArgumentException("--io: " + ioByTrace.keySet().iterator().next() + " is not one of the --traces");
        }
        return fleet;
    }
}
