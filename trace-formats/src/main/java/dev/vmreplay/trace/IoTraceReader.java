package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Streams an IO trace batch by batch, sorted by {@code t_ns}. Validated like
 * {@link MemoryTraceReader}: time never decreases, {@code len >= 0}, {@code service_ns >= 0},
 * {@code 0 <= queue < io_queues} when the manifest names queues, {@code op} in {0, 1, 2}.
 */
public interface IoTraceReader extends AutoCloseable {
    VmManifest manifest();

    long rowCount();

    Path path();

    /** Fills {@code batch} with the next rows; false when exhausted. */
    boolean next(IoBatch batch);

    @Override
    void close();
}
