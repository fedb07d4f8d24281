package dev.vmreplay.engine.sriov;

import dev.vmreplay.trace.IoTraceReader;
import java.util.Objects;

/** Builds the {@link IoReplay} a {@link SriovSpec} describes. */
public final class IoReplays {
    private IoReplays() {
    }

    /**
     * A replay of {@code trace} (streamed; the replay reads it, the caller still owns and closes it).
     * Queue count and depth come from the trace's manifest ({@code io_queues}, {@code io_queue_depth}).
     */
    public static SriovIoReplay create(SriovSpec spec, IoTraceReader trace) {
        return new SriovIoReplay(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(trace, "trace"));
    }
}
