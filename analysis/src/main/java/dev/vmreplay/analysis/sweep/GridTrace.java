package dev.vmreplay.analysis.sweep;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One memory trace of a grid (a glob entry gives one per matching file), with its optional IO trace.
 *
 * @param memoryPath memory trace file
 * @param memoryLabel its label in results: the path relative to the grid file's directory when
 *     inside it, '/'-separated, otherwise the absolute path
 * @param ioPath IO trace file, or null
 * @param ioLabel IO trace label, or null
 * @param assumedMemoryBytes memory to assume when the trace has no manifest, 0 = from the trace
 * @param line grid line the entry came from
 */
public record GridTrace(Path memoryPath, String memoryLabel, Path ioPath, String ioLabel, long assumedMemoryBytes,
                        int line) {
    public GridTrace {
        Objects.requireNonNull(memoryPath, "memoryPath");
        Objects.requireNonNull(memoryLabel, "memoryLabel");
    }
}
