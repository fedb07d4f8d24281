package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Copies a trace between storage formats (Parquet and Arrow IPC, either direction, either kind),
 * keeping every row and the manifest. The output format follows the output name (see
 * {@link Traces#formatForName}); the output appears only when complete (temporary file + rename).
 * Rows are validated on the way, so a bad input never yields a shorter copy.
 */
public final class TraceConverter {
    private TraceConverter() {
    }

    /** What a conversion did. */
    public record Result(TraceKind kind, StorageFormat from, StorageFormat to, long rows, boolean manifestAssumed) {
    }

    public static Result convert(Path in, Path out) {
        return convert(in, out, WriteOptions.defaults());
    }

    public static Result convert(Path in, Path out, WriteOptions options) {
        StorageFormat from = Traces.detectFormat(in);
        TraceKind kind = Traces.detectKind(in);
        StorageFormat to = Traces.formatForName(out);
        if (kind == TraceKind.MEMORY) {
            try (MemoryTraceReader r = Traces.openMemory(in, ReadOptions.defaults());
                 MemoryTraceWriter w = Traces.createMemory(out, r.manifest(), options)) {
                return new Result(kind, from, to, copy(r, w, new MemoryBatch()), r.manifest().assumed());
            }
        }
        try (IoTraceReader r = Traces.openIo(in, ReadOptions.defaults());
             IoTraceWriter w = Traces.createIo(out, r.manifest(), options)) {
            return new Result(kind, from, to, copy(r, w, new IoBatch()), r.manifest().assumed());
        }
    }

    /** Copies every row of {@code r} into {@code w} through {@code batch}, commits, returns the rows written. */
    private static <B extends TraceBatch<B>> long copy(TraceReader<B> r, TraceWriter<B> w, B batch) {
        while (r.next(batch)) {
            w.write(batch);
        }
        w.commit();
        return w.rowsWritten();
    }
}
