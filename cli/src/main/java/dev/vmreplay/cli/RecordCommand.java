package dev.vmreplay.cli;

import dev.vmreplay.datasets.importer.ImportOptions;
import dev.vmreplay.datasets.importer.PageMapping;
import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.datasets.record.Recorder;
import dev.vmreplay.units.Human;
import dev.vmreplay.units.Quantity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay record [--epoch 100ms] [--out FILE] -- COMMAND ARGS...}: the dirty pages of a live program. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Run COMMAND with the vmreplay recorder preloaded and record, every epoch, which 4KiB pages of"
                    + " its private anonymous memory were written (userfaultfd write-protect + PAGEMAP_SCAN, Linux 6.7+;"
                    + " soft-dirty bits where that is refused).",
            "A QEMU process works the same way: guest RAM is anonymous memory (memory-backend-ram).",
            "Writes a memory trace, one 4KiB write per dirtied page per epoch, with transparent-huge-page ranges"
                    + " as large pages.",
            "Example: vmreplay record --epoch 50ms --out guest.parquet -- qemu-system-x86_64 -m 4G ..."
        })
final class RecordCommand implements Callable<Integer> {

    @Option(names = "--epoch", paramLabel = "D", defaultValue = "100ms",
            description = "Dirty-log interval, at least 1ms (default: ${DEFAULT-VALUE}).")
    private String epoch;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "recording.parquet",
            description = "Trace to write (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--epochs-csv", paramLabel = "FILE",
            description = "Where the raw t_ns,vpn epochs go (default: OUT.epochs.csv; kept).")
    private Path epochsCsv;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Guest memory of the manifest (default: what was seen).")
    private String memory;

    @Option(names = "--page-mapping", paramLabel = "page|2MiB-block", defaultValue = "2MiB-block",
            description = "Pack pages by rank of 2MiB block, keeping huge pages whole, or of 4KiB page (default: ${DEFAULT-VALUE}).")
    private String pageMapping;

    @Option(names = "--mechanism", paramLabel = "auto|uffd|soft-dirty", defaultValue = "auto",
            description = "Dirty tracking: userfaultfd write-protect + PAGEMAP_SCAN (Linux 6.7+), soft-dirty bits, or the best available (default: ${DEFAULT-VALUE}).")
    private String mechanism;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The program to record and its arguments (after --).")
    private List<String> command = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        long epochNanos = Quantity.parseDurationNanos("--epoch", epoch);
        Path csv = epochsCsv != null ? epochsCsv : out.resolveSibling(out.getFileName() + ".epochs.csv");
        // The program runs once; where its recording goes is checked before it starts.
        OutputChecks.requireWritableFile("--out", out);
        OutputChecks.requireWritableFile("--epochs-csv", csv);
        ImportOptions options = ImportOptions.defaults()
                .withMemoryBytes(memory == null ? 0 : Quantity.parseBytes("--memory", memory))
                .withPageMapping(PageMapping.parse(pageMapping));
        Recorder.Result r = Recorder.record(command, epochNanos, Recorder.Mechanism.parse(mechanism), csv, options,
                TraceOutputs.files(), out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(out + ": " + Human.count(r.trace().rows()) + " page writes over " + r.facts().getOrDefault("epochs", "?")
                + " epochs of " + epoch + " (" + r.facts().get("mechanism") + "), "
                + Quantity.formatBytes(r.trace().manifest().memoryBytes()) + " guest, "
                + r.trace().manifest().largePages().size() + " large-page ranges; raw epochs in " + csv);
        if (r.commandExitCode() != 0) {
            spec.commandLine().getErr().println("vmreplay: note: " + command.get(0) + " exited with status "
                    + r.commandExitCode());
        }
        stdout.flush();
        return ExitCodes.OK;
    }
}
