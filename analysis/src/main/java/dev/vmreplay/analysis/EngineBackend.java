package dev.vmreplay.analysis;

import dev.vmreplay.analysis.cache.TraceCache;
import dev.vmreplay.analysis.cache.TraceLocation;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real replay engine behind {@link ReplayBackend}: presets, configuration and runs of module replay-engine.
 *
 * <p>Traces are read through a {@link TraceCache}: a Parquet trace is converted once into a
 * memory-mapped Arrow IPC entry (which validates every row), and the sweep's check and every run read
 * that entry, so a sweep of one trace under 8 presets decodes its Parquet once instead of 9 times. A
 * trace addressed by URI is fetched into the cache first. Errors name the trace as given, never the
 * cache file.
 */
public final class EngineBackend implements ReplayBackend {
    /** vCPUs of each checked memory trace (key: location and assumed memory), so a grid opens each manifest once. */
    private final Map<String, Integer> vcpus = new ConcurrentHashMap<>();
    private final TraceCache cache;

    /** With the trace cache the environment configures ({@link TraceCache#fromEnvironment()}). */
    public EngineBackend() {
        this(TraceCache.fromEnvironment());
    }

    public EngineBackend(TraceCache cache) {
        this.cache = java.util.Objects.requireNonNull(cache, "cache");
    }

    /** The cache this backend reads traces through. */
    public TraceCache cache() {
        return cache;
    }

    @Override
    public List<String> presetNames() {
        return Presets.names();
    }

    @Override
    public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
        return Presets.config(preset, overrides).effectiveSettings();
    }

    @Override
    public void checkTraces(TraceLocation memoryTrace, TraceLocation ioTraceOrNull, long assumedMemoryBytes) {
        // Through the cache: converting a Parquet trace reads (and so validates) every row, and the
        // runs then read the converted copy, so the check costs no extra decode of the Parquet.
        try (TraceCache.Lease memory = cache.acquire(memoryTrace)) {
            try {
                TraceKind kind = Traces.detectKind(memory.file());
                if (kind != TraceKind.MEMORY) {
                    throw new IllegalArgumentException(memoryTrace + " is an " + kind + " trace, not a memory access trace");
                }
                // Every row is read (and so validated) here: a bad row found by a run would come after the
                // sweep has written into its directory. With an assumed memory size the rows are checked
                // against it, which the conversion could not do.
                try (MemoryTraceReader reader = Traces.openMemory(memory.file(), options(assumedMemoryBytes))) {
                    vcpus.put(key(memoryTrace, assumedMemoryBytes), reader.manifest().vcpus());
                    MemoryBatch batch = new MemoryBatch();
                    long rows = 0;
                    while (reader.next(batch)) {
                        rows += batch.size; // validated by the reader
                    }
                    Traces.requireRows(memory.file(), rows);
                }
            } catch (RuntimeException e) {
                throw memory.explain(e);
            }
        }
        if (ioTraceOrNull != null) {
            try (TraceCache.Lease io = cache.acquire(ioTraceOrNull)) {
                try {
                    TraceKind ioKind = Traces.detectKind(io.file());
                    if (ioKind != TraceKind.IO) {
                        throw new IllegalArgumentException(ioTraceOrNull + " is a " + ioKind + " trace, not an IO trace");
                    }
                    try (IoTraceReader reader = Traces.openIo(io.file(), ReadOptions.defaults())) {
                        reader.manifest();
                        IoBatch batch = new IoBatch();
                        while (reader.next(batch)) {
                            // validated by the reader
                        }
                    }
                } catch (RuntimeException e) {
                    throw io.explain(e);
                }
            }
        }
    }

    @Override
    public Optional<Misfit> misfit(TraceLocation memoryTrace, long assumedMemoryBytes, Map<String, String> effectiveSettings) {
        Integer guestVcpus = vcpus.computeIfAbsent(key(memoryTrace, assumedMemoryBytes), k -> {
            try (TraceCache.Lease memory = cache.acquire(memoryTrace)) {
                try (MemoryTraceReader reader = Traces.openMemory(memory.file(), options(assumedMemoryBytes))) {
                    return reader.manifest().vcpus();
                } catch (RuntimeException e) {
                    throw memory.explain(e);
                }
            }
        });
        // The engine's own rule, as it applies it when it sets up a replay.
        return TraceInstall.misfit(MigrationConfig.of(effectiveSettings), guestVcpus)
                .map(problem -> new Misfit("trace.install-vcpus", problem));
    }

    private static String key(TraceLocation memoryTrace, long assumedMemoryBytes) {
        return memoryTrace + "\u0000" + assumedMemoryBytes;
    }

    @Override
    public RunResult run(RunSpec spec) {
        MigrationConfig config = Presets.config(spec.preset(), spec.overrides());
        ReadOptions options = options(spec.assumedMemoryBytes());
        // Leases keep the cache from evicting the files while the run (re)opens them.
        try (TraceCache.Lease memory = cache.acquire(spec.trace());
             TraceCache.Lease io = spec.ioTrace() == null ? null : cache.acquire(spec.ioTrace())) {
            RunResult r;
            try {
                r = ReplayEngine.run(() -> Traces.openMemory(memory.file(), options), io == null ? null
                        : () -> Traces.openIo(io.file(), ReadOptions.defaults()), config, spec.preset());
            } catch (RuntimeException e) {
                throw TraceCache.explain(e, memory, io);
            }
            // Results name traces by their grid label, not by wherever the file sits on this machine.
            return new RunResult(spec.preset(), spec.traceName(), r.metrics(), r.passes(), r.effectiveConfig());
        }
    }

    private static ReadOptions options(long assumedMemoryBytes) {
        return assumedMemoryBytes > 0 ? ReadOptions.defaults().withAssumedMemoryBytes(assumedMemoryBytes) : ReadOptions.defaults();
    }
}
