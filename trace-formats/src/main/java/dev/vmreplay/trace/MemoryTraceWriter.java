package dev.vmreplay.trace;

/** Streams a memory trace ({@link TraceWriter}'s commit/close contract). */
public interface MemoryTraceWriter extends TraceWriter<MemoryBatch> {
}
