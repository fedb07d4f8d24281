package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Streams a trace batch by batch in file order (sorted by {@code t_ns}), every row validated before it
 * is handed out. A violation, a truncated or corrupt file throws {@link TraceFormatException}: a reader
 * never returns a silently shorter trace.
 *
 * @param <B> the kind's batch
 */
public interface TraceReader<B extends TraceBatch<B>> extends AutoCloseable {
    /** The stored manifest, or an assumed one ({@link VmManifest#assumed()} is true). */
    VmManifest manifest();

    /** Total rows in the trace as recorded in the file footer. */
    long rowCount();

    /** The file being read, or null for in-memory traces. */
    Path path();

    /**
     * Fills {@code batch} with the next rows (clearing it first).
     *
     * @return false when the trace is exhausted ({@code batch.size() == 0}), true otherwise
     * @throws TraceFormatException on bad data
     */
    boolean next(B batch);

    @Override
    void close();
}
