package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import java.util.List;

/**
 * A synthetic guest. Implementations are stateless; everything a run needs comes from the guest,
 * the parameters and the seed, so two runs with the same inputs write identical rows.
 */
public interface Workload {
    /** Name as typed after {@code vmreplay generate}. */
    String name();

    /** What the guest does, a few sentences for {@code generate --list}. */
    String description();

    /** Parameters in the order {@code --list} shows them, with defaults. */
    List<ParamSpec> params();

    /** True when the workload also writes an IO trace. */
    default boolean writesIo() {
        return false;
    }

    /** The manifest of the generated guest (large pages, zero ranges, IO queues), without provenance. */
    VmManifest manifest(GuestSpec guest, Params params);

    /** Streams the memory trace; returns rows written. */
    long writeMemory(GuestSpec guest, Params params, MemoryTraceWriter out);

    /** Streams the IO trace; only for {@link #writesIo()} workloads. */
    default long writeIo(GuestSpec guest, Params params, IoTraceWriter out) {
        throw new UnsupportedOperationException(name() + " writes no IO trace");
    }
}
