package dev.vmreplay.cli;

import dev.vmreplay.trace.StorageFormat;
import dev.vmreplay.trace.TraceConverter;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.units.Human;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmreplay convert IN OUT}: Parquet to Arrow IPC and back, manifest preserved. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Convert a trace between Parquet and Arrow IPC, keeping every row and the manifest.",
            "The output format follows OUT's extension: .arrow or .feather = Arrow IPC"
                    + " (memory-mapped, the fast local cache), anything else Parquet.",
            "The output appears only when complete: a failed conversion leaves nothing behind."
        })
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Trace to read (kind and format detected).")
    private Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "File to write.")
    private Path out;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    private boolean force;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InspectCommand.requireReadableFile(in);
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("IN and OUT are the same file: " + out);
        }
        if (Files.exists(out) && !force) {
            throw new FileAlreadyExistsException(out.toString(), null, "exists; add --force to replace it");
        }
        TraceConverter.Result result = TraceConverter.convert(in, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(in + " -> " + out + ": " + Human.count(result.rows()) + " "
                + (result.kind() == TraceKind.MEMORY ? "memory" : "IO") + " trace rows, " + name(result.from())
                + " -> " + name(result.to())
                + (result.manifestAssumed() ? "; no manifest in the input, none written" : "; manifest kept") + "\n");
        stdout.flush();
        return ExitCodes.OK;
    }

    private static String name(StorageFormat format) {
        return format == StorageFormat.PARQUET ? "Parquet" : "Arrow IPC";
    }
}
