package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.cache.TraceLocation;

import java.util.Objects;

/**
 * One memory trace of a grid (a glob entry gives one per matching file), with its optional IO trace.
 *
 * @param memory memory trace: a local file or a URI
 * @param memoryLabel its label in results: a URI as written; a path relative to the grid file's
 *     directory when inside it, '/'-separated, otherwise the absolute path
 * @param io IO trace, or null
 * @param ioLabel IO trace label, or null
 * @param assumedMemoryBytes memory to assume when the trace has no manifest, 0 = from the trace
 * @param line grid line the entry came from
 */
public record GridTrace(TraceLocation memory, String memoryLabel, TraceLocation io, String ioLabel,
                        long assumedMemoryBytes, int line) {
    public GridTrace {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(memoryLabel, "memoryLabel");
    }
}
