package dev.vmreplay.analysis;

import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.RunResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What sweeps, plans and the demo need from the replay engine. {@link EngineBackend} is the real
 * one; tests use fakes whose metrics are closed-form so expected answers can be worked out by hand.
 * Implementations must be safe to call from several threads at once.
 */
public interface ReplayBackend {
    /** Known preset names, in the engine's order. */
    List<String> presetNames();

    /**
     * The effective configuration of a preset with overrides applied: every key with its value as
     * text, in key order.
     *
     * @throws IllegalArgumentException naming the key, for an unknown preset, key or a bad value
     */
    Map<String, String> effectiveSettings(String preset, Map<String, String> overrides);

    /**
     * Checks that the files open as a memory trace and an IO trace (schema and manifest) and that
     * every row is valid, without replaying them: a sweep checks everything before it writes anything.
     *
     * @throws IllegalArgumentException or {@code TraceFormatException} saying what is wrong, naming
     *     the trace as given (path or URI)
     */
    void checkTraces(TraceLocation memoryTrace, TraceLocation ioTraceOrNull, long assumedMemoryBytes);

    /**
     * Why a configuration cannot run on the guest a memory trace records (such as more tracing vCPUs
     * than the guest has), or empty when it fits. Called after {@link #checkTraces}.
     *
     * @param effectiveSettings as {@link #effectiveSettings} returned them
     */
    default Optional<Misfit> misfit(TraceLocation memoryTrace, long assumedMemoryBytes, Map<String, String> effectiveSettings) {
        return Optional.empty();
    }

    /** A configuration key whose value does not fit a guest, and why. */
    record Misfit(String key, String problem) {
    }

    /** Replays one run. */
    RunResult run(RunSpec spec);
}
