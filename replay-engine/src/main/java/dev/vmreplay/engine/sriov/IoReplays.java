package dev.vmreplay.engine.sriov;

import dev.vmreplay.trace.IoTraceReader;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds the {@link IoReplay} a {@link SriovSpec} describes. */
public final class IoReplays {
    private IoReplays() {
    }

    /**
     * A replay of {@code trace} (streamed; the replay reads it, the caller still owns and closes it).
     * Queue count and depth come from the trace's manifest ({@code io_queues}, {@code io_queue_depth}).
     */
    public static SriovIoReplay create(SriovSpec spec, IoTraceReader trace) {
        return new SriovIoReplay(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(trace, "trace"), false, null);
    }

    /**
     * A replay of the IO trace {@code open} opens; with {@code loop} ({@code trace.end = loop}) it opens the
     * trace again for every further copy. The replay owns every reader it opens: close it when done.
     */
    public static SriovIoReplay open(SriovSpec spec, Supplier<? extends IoTraceReader> open, boolean loop) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(open, "open");
        IoTraceReader first = Objects.requireNonNull(open.get(), "open.get()");
        try {
            return new SriovIoReplay(spec, first, true, loop ? open : null);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }
}
