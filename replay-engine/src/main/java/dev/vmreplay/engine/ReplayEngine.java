package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one migration inside the replay of a recorded guest (DESIGN.md section 3). Thread-safe:
 * every run has its own state, so a sweep may call {@link #run} from many threads at once.
 *
 * <p>Traces are passed as openers, not open readers: the engine opens each trace itself, once, or
 * again for every copy when {@code trace.end = loop} replays a short recording over and over, and
 * closes every reader it opened. An opener is typically {@code () -> Traces.openMemory(path, options)};
 * for an in-memory trace, {@code trace::reopen}. A memory trace read from a file is decoded on a second
 * thread, a few batches ahead of the replay, which it overlaps; a failure there is thrown by
 * {@link #run} as when reading on one thread (TraceFeed).
 */
public final class ReplayEngine {
    private final ModelFactory models;

    /** An engine building destination and IO models with {@code models}. */
    public ReplayEngine(ModelFactory models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * Replays the memory trace {@code trace} opens (and the IO trace {@code ioOrNull} opens) with one
     * configuration, with the full model ({@link HostModels}).
     *
     * @param trace opens the memory trace from its start; called once, and once more per further copy
     *     with {@code trace.end = loop}; every reader is read up to the end of the run and closed here
     * @param ioOrNull opens the IO trace likewise, or null for no SR-IOV replay
     * @param presetName the name reported in the result (a preset name, or any label)
     * @throws IntegrityViolation when a page's content at the destination is not the source's at resume
     * @throws dev.vmreplay.trace.TraceFormatException on bad trace data
     * @throws IllegalArgumentException when the configuration does not fit the guest, or a looped trace
     *     needs more than {@link dev.vmreplay.engine.loop.TraceCopies#MAX_COPIES} copies
     */
    public static RunResult run(Supplier<? extends MemoryTraceReader> trace, Supplier<? extends IoTraceReader> ioOrNull,
                                MigrationConfig config, String presetName) {
        return new ReplayEngine(new HostModels()).replay(trace, ioOrNull, config, presetName);
    }

    /** As {@link #run}, with this engine's models. */
    public RunResult replay(Supplier<? extends MemoryTraceReader> trace, Supplier<? extends IoTraceReader> ioOrNull,
                            MigrationConfig config, String presetName) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(config, "config");
        try (MemoryTraceReader first = Objects.requireNonNull(trace.get(), "trace.get()")) {
            VmManifest vm = first.manifest();
            HeapEstimate.check(vm, Runtime.getRuntime().maxMemory());
            DestinationModel dest = models.destination(config, vm);
            String traceName = first.path() == null ? "<memory>" : first.path().getFileName().toString();
            Supplier<MemoryTraceReader> reopen = trace::get;
            if (ioOrNull == null) {
                return new Replay(vm, config, dest, null).run(first, reopen, presetName == null ? "" : presetName, traceName);
            }
            try (IoReplay io = models.ioReplay(config, ioOrNull, vm)) {
                return new Replay(vm, config, dest, io).run(first, reopen, presetName == null ? "" : presetName, traceName);
            }
        }
    }
}
