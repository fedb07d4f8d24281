package dev.vmreplay.cli;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.demo.DemoFleet;
import dev.vmreplay.analysis.demo.DemoRunner;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.TerminalProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmreplay demo [--out DIR]}: every preset on the demo guests, the report, and a summary. */
@Command(
        name = "demo",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "The first thing to run: sweeps every preset over the demo guests at two link speeds, writes the comparison"
                    + " report (DIR/report.html, DIR/report.md) and prints a summary. Running it again reuses finished runs."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "Where traces, results and report go (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("demo-out");

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    private final Supplier<ReplayBackend> backends;
    private final DemoFleet fleet;

    public DemoCommand() {
        this(EngineBackend::new, new CatalogueDemoFleet());
    }

    DemoCommand(Supplier<ReplayBackend> backends, DemoFleet fleet) {
        this.backends = backends;
        this.fleet = fleet;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        SweepListener progress = "1".equals(System.getenv(Progress.TTY_ENV)) ? new TerminalProgress(System.err)
                : new dev.vmreplay.analysis.sweep.LogProgress(spec.commandLine().getErr(), "demo");
        DemoRunner.Outcome o = DemoRunner.run(backends.get(), fleet, out, threads.count(), progress, DemoRunner.DEMO_POINTS);
        stdout.println("vmreplay demo: every preset on " + fleet.description());
        stdout.println();
        stdout.print(o.summary());
        stdout.println();
        stdout.println(o.runs() + " runs; results in " + o.sweepDir().toAbsolutePath().normalize());
        stdout.println("report: " + o.report().html());
        stdout.flush();
        return 0;
    }
}
