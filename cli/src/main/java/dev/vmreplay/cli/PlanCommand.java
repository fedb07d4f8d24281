package dev.vmreplay.cli;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.plan.CapacityPlanner;
import dev.vmreplay.analysis.plan.PlanReport;
import dev.vmreplay.analysis.plan.PlanRequest;
import dev.vmreplay.analysis.plan.PlanResult;
import dev.vmreplay.analysis.report.ReportFiles;
import dev.vmreplay.analysis.results.RunSpec;
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
            "Writes the table and charts to DIR/plan.html (self-contained) and DIR/plan.md."
        })
public final class PlanCommand implements Callable<Integer> {
    @Option(names = "--traces", required = true, arity = "1..*", paramLabel = "TRACE",
            description = "Memory traces of the fleet: files or globs, one VM each.")
    private List<String> traces;

    @Option(names = "--io", paramLabel = "TRACE=IO_TRACE", description = "An IO trace for one of the memory traces.")
    private Map<Path, Path> io = new LinkedHashMap<>();

    @Option(names = "--link", required = true, paramLabel = "RATE", description = "The migration network, e.g. 25Gbit/s.")
    private String link;

    @Option(names = "--window", required = true, paramLabel = "DURATION", description = "The maintenance window, e.g. 1h.")
    private String window;

    @Option(names = "--downtime-sla", required = true, paramLabel = "DURATION",
            description = "Downtime every VM must stay under, e.g. 500ms.")
    private String sla;

    @Option(names = "--concurrent", paramLabel = "N", description = "Migrations sharing the link at once (default: ${DEFAULT-VALUE}).")
    private int concurrent = 1;

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
        ReplayBackend backend = backends.get();
        SettingKeys.requireKnown(settings, backend.effectiveSettings(backend.presetNames().get(0), Map.of()).keySet());
        long memoryBytes = memory == null ? 0 : Quantity.parseBytes("--memory", memory);
        Path cwd = Path.of("").toAbsolutePath();
        Map<Path, Path> ioByTrace = new LinkedHashMap<>();
        io.forEach((k, v) -> ioByTrace.put(k.toAbsolutePath().normalize(), v.toAbsolutePath().normalize()));
        List<RunSpec> fleet = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String pattern : traces) {
            for (Path file : TraceFiles.expand(pattern, cwd)) {
                String label = TraceFiles.label(file, cwd);
                if (seen.contains(label)) {
                    throw new IllegalArgumentException("--traces: " + label + " is named twice");
                }
                seen.add(label);
                Path ioFile = ioByTrace.remove(file);
                backend.checkTraces(file, ioFile, memoryBytes);
                fleet.add(new RunSpec(file, ioFile, label, ioFile == null ? null : TraceFiles.label(ioFile, cwd),
                        "plan", Map.of(), memoryBytes));
            }
        }
        if (!ioByTrace.isEmpty()) {
            throw new IllegalArgumentException("--io: " + ioByTrace.keySet().iterator().next() + " is not one of the --traces");
        }
        List<String> techniques = presets == null ? backend.presetNames() : presets;
        for (String p : techniques) {
            if (!backend.presetNames().contains(p)) {
                throw new IllegalArgumentException("--presets: unknown preset '" + p + "' (known: "
                        + String.join(", ", backend.presetNames()) + ")");
            }
        }
        PlanRequest request = new PlanRequest(fleet, techniques, Quantity.parseBytesPerSecond("--link", link) * 8.0,
                Quantity.parseDurationNanos("--window", window), Quantity.parseDurationNanos("--downtime-sla", sla),
                concurrent, settings, tolerance);
        PlanResult plan = new CapacityPlanner(backend, threads.count(),
                new dev.vmreplay.analysis.sweep.LogProgress(spec.commandLine().getErr(), "plan")).plan(request);
        ReportFiles.Written w = ReportFiles.write(PlanReport.document(plan), out.resolve("plan.html"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(PlanReport.text(plan));
        stdout.println("plan: " + w.html() + " (markdown: " + w.markdown() + ")");
        stdout.flush();
        return 0;
    }
}
