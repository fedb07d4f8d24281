package dev.vmreplay.trace;

import java.util.List;

/**
 * The column lists of the memory and IO trace schemas, in their canonical order, and the mapping
 * between a batch and its column arrays. Storage code works on {@code Object[]} column arrays
 * ({@code long[]}, {@code int[]} or {@code byte[]} per {@link TraceColumn.Type}) so that one writer
 * and one reader serve both kinds.
 */
public final class TraceSchema {
    public static final List<TraceColumn> MEMORY = List.of(
            new TraceColumn("t_ns", TraceColumn.Type.INT64, false),
            new TraceColumn("vcpu", TraceColumn.Type.INT32, true),
            new TraceColumn("gpa", TraceColumn.Type.INT64, false),
            new TraceColumn("len", TraceColumn.Type.INT32, true),
            new TraceColumn("op", TraceColumn.Type.INT8, true));

    public static final List<TraceColumn> IO = List.of(
            new TraceColumn("t_ns", TraceColumn.Type.INT64, false),
            new TraceColumn("queue", TraceColumn.Type.INT32, true),
            new TraceColumn("req_id", TraceColumn.Type.INT64, false),
            new TraceColumn("op", TraceColumn.Type.INT8, true),
            new TraceColumn("offset", TraceColumn.Type.INT64, false),
            new TraceColumn("len", TraceColumn.Type.INT32, true),
            new TraceColumn("service_ns", TraceColumn.Type.INT64, false));

    private TraceSchema() {
    }

    public static List<TraceColumn> columns(TraceKind kind) {
        return kind == TraceKind.MEMORY ? MEMORY : IO;
    }

    /** The batch's column arrays in {@link #MEMORY} order (the arrays themselves, not copies). */
    public static Object[] arrays(MemoryBatch batch) {
        return new Object[] {batch.timeNanos, batch.vcpu, batch.gpa, batch.lengthBytes, batch.op};
    }

    /** The batch's column arrays in {@link #IO} order. */
    public static Object[] arrays(IoBatch batch) {
        return new Object[] {batch.timeNanos, batch.queue, batch.requestId, batch.op, batch.offsetBytes,
            batch.lengthBytes, batch.serviceNanos};
    }

    /**
     * Tells the kind from a set of column names: a file holding every memory column is a memory
     * trace, one holding every IO column an IO trace.
     *
     * @return the kind, or null when neither column set is complete
     */
    public static TraceKind kindOf(java.util.Collection<String> columnNames) {
        boolean memory = MEMORY.stream().allMatch(c -> columnNames.contains(c.name()));
        boolean io = IO.stream().allMatch(c -> columnNames.contains(c.name()));
        if (memory == io) {
            return null;
        }
        return memory ? TraceKind.MEMORY : TraceKind.IO;
    }
}
