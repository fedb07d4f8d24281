package dev.vmreplay.trace;

/**
 * Streams an IO trace ({@link TraceReader}). Rows are checked by {@link IoRowValidator}: time never
 * decreases, {@code len >= 0}, {@code service_ns >= 0}, {@code 0 <= queue < io_queues} when the manifest
 * names queues, {@code op} in {0, 1, 2}.
 */
public interface IoTraceReader extends TraceReader<IoBatch> {
}
