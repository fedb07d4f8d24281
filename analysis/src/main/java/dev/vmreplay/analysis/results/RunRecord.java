package dev.vmreplay.analysis.results;

import dev.vmreplay.engine.PassStats;
import dev.vmreplay.engine.RunResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished run as results store it: what was run, the metrics by their DESIGN.md names, the
 * passes and the effective configuration.
 *
 * @param runId {@link RunSpec#runId()}
 * @param trace memory trace label
 * @param ioTrace IO trace label, or null
 * @param preset preset name
 * @param overrides the overrides as {@link RunSpec#overridesText()}
 * @param assumedMemoryBytes see {@link RunSpec#assumedMemoryBytes()}
 * @param inputFingerprint size and modification time of the trace files when the run was made;
 *     a sweep re-runs a record whose traces changed since
 * @param metrics metric name to value (Long, Integer, Double or Boolean) in {@link ResultColumns} order
 * @param passes per-pass statistics, in pass order
 * @param effectiveConfig every configuration key with its value as text, in key order
 */
public record RunRecord(String runId, String trace, String ioTrace, String preset, String overrides,
                        long assumedMemoryBytes, String inputFingerprint, Map<String, Object> metrics,
                        List<PassStats> passes, Map<String, String> effectiveConfig) {
    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(inputFingerprint, "inputFingerprint");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        passes = List.copyOf(passes);
        effectiveConfig = Collections.unmodifiableMap(new LinkedHashMap<>(effectiveConfig));
    }

    /** The record of a finished run of {@code spec}. */
    public static RunRecord of(RunSpec spec, String inputFingerprint, RunResult result) {
        return new RunRecord(spec.runId(), spec.traceName(), spec.ioTraceName(), spec.preset(), spec.overridesText(),
                spec.assumedMemoryBytes(), inputFingerprint, result.metrics().asMap(), result.passes(),
                result.effectiveConfig());
    }

    /** A numeric metric as a double (booleans as 0/1). */
    public double metric(String name) {
        Object v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'");
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String) {
            throw new IllegalArgumentException("metric '" + name + "' is text, not a number");
        }
        return ((Number) v).doubleValue();
    }
}
