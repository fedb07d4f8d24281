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
        long rows;
        boolean assumed;
        if (kind == TraceKind.MEMORY) {
            try (MemoryTraceReader r = Traces.openMemory(in, ReadOptions.defaults());
                 MemoryTraceWriter w = Traces.createMemory(out, r.manifest(), options)) {
                MemoryBatch b = new MemoryBatch();
                while (r.next(b)) {
                    w.write(b);
                }
                w.commit();
                rows = w.rowsWritten();
                assumed = r.manifest().assumed();
            }
        } else {
            try (IoTraceReader r = Traces.openIo(in, ReadOptions.defaults());
                 IoTraceWriter w = Traces.createIo(out, r.manifest(), options)) {
                IoBatch b = new IoBatch();
                while (r.next(b)) {
                    w.write(b);
                }
                w.commit();
                rows = w.rowsWritten();
                assumed = r.manifest().assumed();
            }
        }
        return new Result(kind, from, to, rows, assumed);
    }
}
