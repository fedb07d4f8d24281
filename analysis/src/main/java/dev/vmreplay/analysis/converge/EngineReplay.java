package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import java.util.Map;
import java.util.function.Supplier;

/** {@link PresetReplay} on the replay engine: opens the traces afresh for every run (and every loop copy). */
public final class EngineReplay implements PresetReplay {
    private final Supplier<? extends MemoryTraceReader> memory;
    private final Supplier<? extends IoTraceReader> ioOrNull;

    /**
     * @param memory opens the memory trace
     * @param ioOrNull opens the IO trace, null without one
     */
    public EngineReplay(Supplier<? extends MemoryTraceReader> memory, Supplier<? extends IoTraceReader> ioOrNull) {
        this.memory = memory;
        this.ioOrNull = ioOrNull;
    }

    @Override
    public Metrics run(String preset, Map<String, String> overrides) {
        return ReplayEngine.run(memory, ioOrNull, Presets.config(preset, overrides), preset).metrics();
    }
}
