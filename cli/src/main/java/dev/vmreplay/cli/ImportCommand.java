package dev.vmreplay.cli;

import dev.vmreplay.datasets.importer.ImportOptions;
import dev.vmreplay.datasets.importer.ImportResult;
import dev.vmreplay.datasets.importer.Importer;
import dev.vmreplay.datasets.importer.Importers;
import dev.vmreplay.datasets.importer.PageMapping;
import dev.vmreplay.units.Human;
import dev.vmreplay.units.Quantity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay import FORMAT INPUT... --out FILE}: real recordings into vmreplay traces. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Import recordings of another format into a trace with a manifest saying where it came from.",
            "Formats: dirty-epochs, lackey (memory); fio-iolog, msr-cambridge, blkparse (IO). Inputs may be"
                    + " gzip-compressed.",
            "A malformed line stops the import with its file and line number (exit 2); nothing is dropped silently.",
            "'import --list' describes each format."
        })
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FORMAT", description = "Input format (see --list).")
    private String format;

    @Parameters(index = "1..*", paramLabel = "INPUT", description = "Input files, in order.")
    private List<Path> inputs = new ArrayList<>();

    @Option(names = "--list", description = "Describe every format, then exit.")
    private boolean list;

    @Option(names = "--out", paramLabel = "FILE", description = "Trace to write (.parquet, or .arrow for Arrow IPC).")
    private Path out;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Guest memory (memory formats: default the distinct pages rounded up to 2MiB; IO formats: 1GiB).")
    private String memory;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "vCPUs of the manifest (default: ${DEFAULT-VALUE}).")
    private int vcpus;

    @Option(names = "--page-mapping", paramLabel = "page|2MiB-block", defaultValue = "page",
            description = "Memory formats: pack pages by rank of 4KiB page, or of 2MiB block keeping alignment (default: ${DEFAULT-VALUE}).")
    private String pageMapping;

    @Option(names = "--instructions-per-second", paramLabel = "RATE", defaultValue = "1G/s",
            description = "lackey: clock for program order; each I line (or each access when there are none) is one tick (default: ${DEFAULT-VALUE}).")
    private String instructionsPerSecond;

    @Option(names = "--lat-log", paramLabel = "FILE",
            description = "fio-iolog: fio latency log (--write_lat_log, log_offset=1), one per INPUT; gives service_ns.")
    private List<Path> latencyLogs = new ArrayList<>();

    @Option(names = "--queue-depth", paramLabel = "N", defaultValue = "0",
            description = "IO formats: manifest io_queue_depth (default: measured from service times, else 32).")
    private int queueDepth;

    @Option(names = "--until", paramLabel = "D",
            description = "Keep only rows before this trace time, e.g. 2s (every line is still validated; the rest is counted in the provenance).")
    private String until;

    @Spec
    private CommandSpec spec;

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false; // reading the input reports what is wrong with it
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            for (Importer i : Importers.all()) {
                stdout.println(i.name() + (i.writesIo() ? "  (IO trace)" : "  (memory trace)"));
                stdout.println("    " + i.description());
            }
            stdout.flush();
            return ExitCodes.OK;
        }
        if (format == null) {
            throw new ParameterException(spec.commandLine(), "missing FORMAT (see 'import --list')");
        }
        if (inputs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "missing INPUT file(s)");
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "missing --out FILE");
        }
        for (Path in : inputs) {
            if (sameFile(in, out)) {
                throw new ParameterException(spec.commandLine(), "--out " + out + " is one of the inputs; name a new file");
            }
        }
        Importer importer = Importers.byName(format);
        long memoryBytes = memory == null ? 0 : Quantity.parseBytes("--memory", memory);
        ImportOptions options = new ImportOptions(memoryBytes, vcpus,
                Quantity.parseEventsPerSecond("--instructions-per-second", instructionsPerSecond),
                latencyLogs, queueDepth, PageMapping.parse(pageMapping),
                until == null ? 0 : Quantity.parseDurationNanos("--until", until));
        ImportResult r;
        try (GenerateCommand.ProgressOutputs outputs = new GenerateCommand.ProgressOutputs(spec.commandLine().getErr(),
                "import " + format + " (second pass)")) {
            r = importer.run(inputs, options, outputs, out);
        }
        stdout.println(out + ": " + Human.count(r.rows()) + (importer.writesIo() ? " IO rows on " + r.manifest().ioQueues()
                + " queues" : " memory rows in " + Quantity.formatBytes(r.manifest().memoryBytes())) + " from "
                + inputs.size() + " " + format + " input" + (inputs.size() == 1 ? "" : "s"));
        stdout.flush();
        return ExitCodes.OK;
    }
}
