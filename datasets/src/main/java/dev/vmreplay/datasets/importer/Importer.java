package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import java.nio.file.Path;
import java.util.List;

/** Turns recordings of one external format into a vmreplay trace. */
public interface Importer {
    /** Format name as typed after {@code vmreplay import}. */
    String name();

    /** What the format is and how it is mapped, for {@code import --help}. */
    String description();

    /** True for block-IO formats (an IO trace), false for memory formats. */
    boolean writesIo();

    /**
     * Reads {@code inputs} (plain or gzip) and writes one trace to {@code out}.
     *
     * @throws dev.vmreplay.trace.TraceFormatException on a malformed line (file and line number)
     * @throws IllegalArgumentException on options that do not fit the input (named)
     */
    ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out);
}
