package dev.vmreplay.cli;

import dev.vmreplay.datasets.generate.Generator;
import dev.vmreplay.datasets.generate.GuestSpec;
import dev.vmreplay.datasets.generate.Workload;
import dev.vmreplay.datasets.generate.Workloads;
import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.TraceBatch;
import dev.vmreplay.trace.TraceWriter;
import dev.vmreplay.trace.VmManifest;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay generate WORKLOAD ...}: a synthetic guest trace, deterministic for a seed. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Generate a synthetic guest: a memory trace (and an IO trace for 'database') with its manifest"
                    + " (large pages, zero ranges, provenance). Same arguments and seed -> byte-identical files.",
            "Streams: a 64GiB, 60s guest needs no more memory than a 1GiB one.",
            "'generate --list' explains every workload and its parameters."
        })
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD",
            description = "idle, uniform, hot-cold, sequential, bursty, zeroing or database.")
    private String workload;

    @Option(names = "--list", description = "Explain every workload and its parameters, then exit.")
    private boolean list;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "Guest memory, e.g. 64GiB (default: ${DEFAULT-VALUE}).")
    private String memory;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "4", description = "vCPUs (default: ${DEFAULT-VALUE}).")
    private int vcpus;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
            description = "Trace length, e.g. 60s (default: ${DEFAULT-VALUE}).")
    private String duration;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Memory trace to write (.parquet, or .arrow for Arrow IPC).")
    private Path out;

    @Option(names = "--io-out", paramLabel = "FILE",
            description = "IO trace to write for workloads with IO (default: OUT with .io before the extension).")
    private Path ioOut;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "Workload parameter with units, e.g. rate=50k/s, working-set=25%%, skew=1.1; repeatable.")
    private List<String> params = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            printList(stdout);
            stdout.flush();
            return ExitCodes.OK;
        }
        if (workload == null) {
            throw new ParameterException(spec.commandLine(), "missing WORKLOAD (see 'generate --list')");
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "missing --out FILE");
        }
        Workload w = Workloads.byName(workload);
        GuestSpec guest = new GuestSpec(Quantity.parseBytes("--memory", memory), vcpus,
                Quantity.parseDurationNanos("--duration", duration), seed);
        Path io = w.writesIo() ? (ioOut != null ? ioOut : ioSibling(out)) : null;
        if (io != null && io.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--io-out names the same file as --out (" + out + ")");
        }
        Generator.Result r;
        try (ProgressOutputs outputs = new ProgressOutputs(spec.commandLine().getErr(), "generate " + w.name())) {
            r = Generator.generate(w, guest, Params.parsePairs(params), outputs, out, io);
        }
        stdout.println(out + ": " + Human.count(r.memoryRows()) + " memory rows, " + w.name() + " guest of "
                + Quantity.formatBytes(guest.memoryBytes()) + ", " + vcpus + " vCPUs, " + duration + ", seed " + seed
                + "; " + r.manifest().largePages().size() + " large-page ranges, " + r.manifest().zeroRanges().size()
                + " zero ranges");
        if (io != null) {
            stdout.println(io + ": " + Human.count(r.ioRows()) + " IO rows on " + r.manifest().ioQueues() + " queues");
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /** Trace files with row-count progress on stderr (shown only when it is a terminal). */
    static final class ProgressOutputs implements TraceOutputs, AutoCloseable {
        private final TraceOutputs files = TraceOutputs.files();
        private final Progress progress;
        private long rows;

        ProgressOutputs(PrintWriter err, String label) {
            progress = Progress.start(err, label, 0);
        }

        @Override
        public MemoryTraceWriter memory(Path file, VmManifest manifest) {
            return new CountingMemory(files.memory(file, manifest));
        }

        @Override
        public IoTraceWriter io(Path file, VmManifest manifest) {
            return new CountingIo(files.io(file, manifest));
        }

        /** Passes batches on to {@code w} and counts their rows into the progress line. */
        private class Counting<B extends TraceBatch<B>> implements TraceWriter<B> {
            private final TraceWriter<B> w;

            Counting(TraceWriter<B> w) {
                this.w = w;
            }

            @Override
            public void write(B batch) {
                w.write(batch);
                rows += batch.size();
                progress.update(rows);
            }

            @Override
            public long rowsWritten() {
                return w.rowsWritten();
            }

            @Override
            public void commit() {
                w.commit();
            }

            @Override
            public void close() {
                w.close();
            }
        }

        private final class CountingMemory extends Counting<MemoryBatch> implements MemoryTraceWriter {
            CountingMemory(MemoryTraceWriter w) {
                super(w);
            }
        }

        private final class CountingIo extends Counting<IoBatch> implements IoTraceWriter {
            CountingIo(IoTraceWriter w) {
                super(w);
            }
        }

        @Override
        public void close() {
            progress.finish();
        }
    }

    /** {@code x.parquet} -> {@code x.io.parquet}. */
    static Path ioSibling(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String io = dot > 0 ? name.substring(0, dot) + ".io" + name.substring(dot) : name + ".io";
        return out.resolveSibling(io);
    }

    private static void printList(PrintWriter out) {
        for (Workload w : Workloads.all()) {
            out.println(w.name() + (w.writesIo() ? "  (memory + IO trace)" : ""));
            for (String line : wrap(w.description(), 96)) {
                out.println("    " + line);
            }
            for (ParamSpec p : w.params()) {
                out.printf("    --param %-22s %s%n", p.name() + "=" + p.defaultValue(), p.description()
                        + (p.choices().isEmpty() ? "" : " " + p.choices()));
            }
            out.println();
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
