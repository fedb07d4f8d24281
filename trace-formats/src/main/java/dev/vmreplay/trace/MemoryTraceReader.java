package dev.vmreplay.trace;

/**
 * Streams a memory access trace ({@link TraceReader}). Rows are checked by {@link MemoryRowValidator}:
 * time never decreases, {@code 0 < len}, {@code gpa + len <= memory_bytes}, {@code 0 <= vcpu < vcpus},
 * {@code op} in {0, 1, 2}.
 */
public interface MemoryTraceReader extends TraceReader<MemoryBatch> {
}
