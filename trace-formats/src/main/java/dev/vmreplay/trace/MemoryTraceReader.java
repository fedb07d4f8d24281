package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Streams a memory access trace batch by batch, in file order (sorted by {@code t_ns}).
 * Every row is validated before it is handed out: time never decreases, {@code 0 < len},
 * {@code gpa + len <= memory_bytes}, {@code 0 <= vcpu < vcpus}, {@code op} in {0, 1, 2}. A
 * violation, a truncated or corrupt file throws {@link TraceFormatException}: a reader never
 * returns a silently shorter trace.
 */
public interface MemoryTraceReader extends AutoCloseable {
    /** The stored manifest, or an assumed one ({@link VmManifest#assumed()} is true). */
    VmManifest manifest();

    /** Total rows in the trace as recorded in the file footer. */
    long rowCount();

    /** The file being read, or null for in-memory traces. */
    Path path();

    /**
     * Fills {@code batch} with the next rows (clearing it first).
     *
     * @return false when the trace is exhausted (batch.size == 0), true otherwise
     * @throws TraceFormatException on bad data
     */
    boolean next(MemoryBatch batch);

    @Override
    void close();
}
