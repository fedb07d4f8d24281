package dev.vmreplay.cli;

import dev.vmreplay.analysis.report.ReportBuilder;
import dev.vmreplay.analysis.report.ReportFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay report DIR [--baseline PRESET] [--out report.html]}: the comparison report of a sweep. */
@Command(
        name = "report",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Compare the configurations of a results directory: per trace, each configuration's downtime, total time,"
                    + " bytes, passes, guest stall, post-resume faults, contiguity loss and IO impact with the ratio to the"
                    + " baseline at the same settings; per technique (the +technique presets) its effect in isolation;"
                    + " charts (downtime vs bandwidth, bytes per pass, faults, contiguity loss, IO latency).",
            "Writes one self-contained HTML file (renders offline, no external request) and a Markdown twin"
                    + " (NAME.md with its PNG charts in NAME-charts/) beside it."
        })
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A sweep's results directory (holding results.parquet and passes.parquet).")
    private Path dir;

    @Option(names = "--baseline", paramLabel = "PRESET",
            description = "Preset the ratios compare with (default: qemu-precopy).")
    private String baseline;

    @Option(names = "--out", paramLabel = "FILE.html", description = "Report file (default: DIR/report.html).")
    private Path out;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Path target = out != null ? out : dir.resolve("report.html");
        ReportFiles.Written w = ReportFiles.write(ReportBuilder.build(dir, baseline), target);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("report: " + w.html());
        stdout.println("markdown: " + w.markdown() + " (charts in " + w.chartDir() + ")");
        stdout.flush();
        return 0;
    }
}
