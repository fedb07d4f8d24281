package dev.vmreplay.analysis;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.Traces;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real replay engine behind {@link ReplayBackend}: presets, configuration and runs of module replay-engine. */
public final class EngineBackend implements ReplayBackend {
    @Override
    public List<String> presetNames() {
        return Presets.names();
    }

    @Override
    public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
        return Presets.config(preset, overrides).effectiveSettings();
    }

    @Override
    public void checkTraces(Path memoryTrace, Path ioTraceOrNull, long assumedMemoryBytes) {
        TraceKind kind = Traces.detectKind(memoryTrace);
        if (kind != TraceKind.MEMORY) {
            throw new IllegalArgumentException(memoryTrace + " is an " + kind + " trace, not a memory access trace");
        }
        try (MemoryTraceReader reader = Traces.openMemory(memoryTrace, options(assumedMemoryBytes))) {
            reader.manifest();
        }
        if (ioTraceOrNull != null) {
            TraceKind ioKind = Traces.detectKind(ioTraceOrNull);
            if (ioKind != TraceKind.IO) {
                throw new IllegalArgumentException(ioTraceOrNull + " is a " + ioKind + " trace, not an IO trace");
            }
            try (IoTraceReader reader = Traces.openIo(ioTraceOrNull, ReadOptions.defaults())) {
                reader.manifest();
            }
        }
    }

    @Override
    public RunResult run(RunSpec spec) {
        MigrationConfig config = Presets.config(spec.preset(), spec.overrides());
        ReadOptions options = options(spec.assumedMemoryBytes());
        Path io = spec.ioTracePath();
        RunResult r = ReplayEngine.run(() -> Traces.openMemory(spec.tracePath(), options), io == null ? null
                : () -> Traces.openIo(io, ReadOptions.defaults()), config, spec.preset());
        // Results name traces by their grid label, not by wherever the file sits on this machine.
        return new RunResult(spec.preset(), spec.traceName(), r.metrics(), r.passes(), r.effectiveConfig());
    }

    private static ReadOptions options(long assumedMemoryBytes) {
        return assumedMemoryBytes > 0 ? ReadOptions.defaults().withAssumedMemoryBytes(assumedMemoryBytes) : ReadOptions.defaults();
    }
}
