package dev.vmreplay.engine;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one replay: metrics, per-pass table and the effective configuration
 * (every configuration key of DESIGN.md section 6 with its value as text, in key order).
 */
public record RunResult(String preset, String trace, Metrics metrics, List<PassStats> passes,
                        Map<String, String> effectiveConfig) {
    public RunResult {
        passes = List.copyOf(passes);
        effectiveConfig = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(effectiveConfig));
    }
}
