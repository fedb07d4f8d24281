package dev.vmreplay.cli;

import dev.vmreplay.analysis.inspect.IoTraceInspector;
import dev.vmreplay.analysis.inspect.MemoryTraceInspector;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.StorageFormat;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay inspect FILE...}: what is in a trace, in one streaming pass per file. */
@Command(
        name = "inspect",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Summarise memory access and IO traces (Parquet or Arrow IPC) in one streaming pass each.",
            "Memory: rows, time span, vCPUs, distinct pages and bytes written, write rate and writable"
                    + " working set per 1 s and 10 s window, manifest.",
            "IO: request rate, read/write/flush mix, size mix, service-time percentiles.",
            "Windows start at the first row; only complete windows count."
        })
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Trace files; the kind and storage are detected.")
    private List<Path> files;

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Guest memory to assume for traces without a manifest, for example 8GiB"
                    + " (default: up to the highest address written).")
    private Long assumedMemoryBytes;

    @Mixin
    private FormatOption format;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReadOptions options = ReadOptions.defaults();
        if (assumedMemoryBytes != null) {
            options = options.withAssumedMemoryBytes(assumedMemoryBytes);
        }
        // Every file is checked before any is read, and nothing is printed until all are inspected:
        // a bad file in the list gives exit 2 and no partial output.
        for (Path file : files) {
            requireReadableFile(file);
        }
        List<InspectedTrace> results = new ArrayList<>();
        for (Path file : files) {
            results.add(inspect(file, options));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.format() == OutputFormat.JSON) {
            InspectJson.write(out, results);
        } else {
            InspectTable.write(out, results);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void requireReadableFile(Path file) throws FileSystemException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a trace file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
    }

    private InspectedTrace inspect(Path file, ReadOptions options) {
        StorageFormat storage = Traces.detectFormat(file);
        TraceKind kind = Traces.detectKind(file);
        PrintWriter err = spec.commandLine().getErr();
        if (kind == TraceKind.MEMORY) {
            try (MemoryTraceReader reader = Traces.openMemory(file, options)) {
                MemoryTraceInspector inspector = new MemoryTraceInspector(reader.manifest());
                Progress progress = Progress.start(err, file.toString(), reader.rowCount());
                MemoryBatch batch = new MemoryBatch(options.batchRows());
                long rows = 0;
                while (reader.next(batch)) {
                    inspector.accept(batch);
                    rows += batch.size;
                    progress.update(rows);
                }
                progress.finish();
                return new InspectedTrace(file.toString(), kind, storage,
                        manifestSource(file, reader.manifest()), inspector.finish(), null);
            }
        }
        try (IoTraceReader reader = Traces.openIo(file, options)) {
            IoTraceInspector inspector = new IoTraceInspector(reader.manifest());
            Progress progress = Progress.start(err, file.toString(), reader.rowCount());
            IoBatch batch = new IoBatch(options.batchRows());
            long rows = 0;
            while (reader.next(batch)) {
                inspector.accept(batch);
                rows += batch.size;
                progress.update(rows);
            }
            progress.finish();
            return new InspectedTrace(file.toString(), kind, storage,
                    manifestSource(file, reader.manifest()), null, inspector.finish());
        }
    }

    private InspectedTrace.ManifestSource manifestSource(Path file, VmManifest manifest) {
        if (manifest.assumed()) {
            return assumedMemoryBytes != null
                    ? InspectedTrace.ManifestSource.ASSUMED_FROM_OPTION
                    : InspectedTrace.ManifestSource.ASSUMED_FROM_DATA;
        }
        Path sidecar = file.resolveSibling(file.getFileName() + VmManifest.SIDECAR_SUFFIX);
        return Files.exists(sidecar) ? InspectedTrace.ManifestSource.SIDECAR : InspectedTrace.ManifestSource.EMBEDDED;
    }
}
