package dev.vmreplay.analysis;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.engine.source.TraceInstall;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.Traces;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The real replay engine behind {@link ReplayBackend}: presets, configuration and runs of module replay-engine. */
public final class EngineBackend implements ReplayBackend {
    /** vCPUs of each checked memory trace (key: path and assumed memory), so a grid opens each manifest once. */
    private final Map<String, Integer> vcpus = new ConcurrentHashMap<>();

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
        // Every row is read (and so validated) here: a bad row found by a run would come after the
        // sweep has written into its directory.
        try (MemoryTraceReader reader = Traces.openMemory(memoryTrace, options(assumedMemoryBytes))) {
            vcpus.put(key(memoryTrace, assumedMemoryBytes), reader.manifest().vcpus());
            MemoryBatch batch = new MemoryBatch();
            long rows = 0;
            while (reader.next(batch)) {
                rows += batch.size; // validated by the reader
            }
            Traces.requireRows(memoryTrace, rows);
        }
        if (ioTraceOrNull != null) {
            TraceKind ioKind = Traces.detectKind(ioTraceOrNull);
            if (ioKind != TraceKind.IO) {
                throw new IllegalArgumentException(ioTraceOrNull + " is a " + ioKind + " trace, not an IO trace");
            }
            try (IoTraceReader reader = Traces.openIo(ioTraceOrNull, ReadOptions.defaults())) {
                reader.manifest();
                IoBatch batch = new IoBatch();
                while (reader.next(batch)) {
                    // validated by the reader
                }
            }
        }
    }

    @Override
    public Optional<Misfit> misfit(Path memoryTrace, long assumedMemoryBytes, Map<String, String> effectiveSettings) {
        Integer guestVcpus = vcpus.computeIfAbsent(key(memoryTrace, assumedMemoryBytes), k -> {
            try (MemoryTraceReader reader = Traces.openMemory(memoryTrace, options(assumedMemoryBytes))) {
                return reader.manifest().vcpus();
            }
        });
        // The engine's own rule, as it applies it when it sets up a replay.
        return TraceInstall.misfit(MigrationConfig.of(effectiveSettings), guestVcpus)
                .map(problem -> new Misfit("trace.install-vcpus", problem));
    }

    private static String key(Path memoryTrace, long assumedMemoryBytes) {
        return memoryTrace.toAbsolutePath().normalize() + "\u0000" + assumedMemoryBytes;
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
