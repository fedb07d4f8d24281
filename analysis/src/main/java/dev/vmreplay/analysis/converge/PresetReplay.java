package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import java.util.Map;

/**
 * One replay of the guest under a preset with overrides on top. {@link EngineReplay} is the real one; tests use
 * functions whose answer is known (completes iff the downtime limit is at least X).
 */
@FunctionalInterface
public interface PresetReplay {
    /**
     * Replays the guest under {@code preset} with {@code overrides} applied (overrides win).
     *
     * @throws IllegalArgumentException for an unknown preset, key or a bad value
     */
    Metrics run(String preset, Map<String, String> overrides);
}
