package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Runs one migration inside the replay of a recorded guest (DESIGN.md section 3). Thread-safe:
 * every run has its own state, so a sweep may call {@link #run} from many threads at once.
 */
public final class ReplayEngine {
    private static final ModelFactory DISCOVERED = discover();

    private final ModelFactory models;

    /** An engine building destination and IO models with {@code models}. */
    public ReplayEngine(ModelFactory models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * Replays {@code trace} (and {@code ioOrNull}) with one configuration, using the
     * {@link ModelFactory} registered through {@link ServiceLoader}, or the full model
     * ({@link HostModels}) when none is.
     *
     * @param trace the memory trace; read to the end of the post-resume window (the caller closes it)
     * @param ioOrNull the IO trace, or null for no SR-IOV replay (the caller closes it)
     * @param presetName the name reported in the result (a preset name, or any label)
     * @throws IntegrityViolation when a page's content at the destination is not the source's at resume
     * @throws dev.vmreplay.trace.TraceFormatException on bad trace data
     * @throws IllegalArgumentException when the configuration does not fit the guest
     */
    public static RunResult run(MemoryTraceReader trace, IoTraceReader ioOrNull, MigrationConfig config,
                                String presetName) {
        return new ReplayEngine(DISCOVERED).replay(trace, ioOrNull, config, presetName);
    }

    /** As {@link #run}, with this engine's models. */
    public RunResult replay(MemoryTraceReader trace, IoTraceReader ioOrNull, MigrationConfig config, String presetName) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(config, "config");
        VmManifest vm = trace.manifest();
        DestinationModel dest = models.destination(config, vm);
        IoReplay io = ioOrNull == null ? null : models.ioReplay(config, ioOrNull, vm);
        String traceName = trace.path() == null ? "<memory>" : trace.path().getFileName().toString();
        return new Replay(vm, config, dest, io).run(trace, presetName == null ? "" : presetName, traceName);
    }

    private static ModelFactory discover() {
        Iterator<ModelFactory> it = ServiceLoader.load(ModelFactory.class, ReplayEngine.class.getClassLoader()).iterator();
        return it.hasNext() ? it.next() : new HostModels();
    }
}
