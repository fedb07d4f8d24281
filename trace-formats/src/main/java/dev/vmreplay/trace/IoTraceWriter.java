package dev.vmreplay.trace;

/** Streams an IO trace ({@link TraceWriter}'s commit/close contract). */
public interface IoTraceWriter extends TraceWriter<IoBatch> {
}
