package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import java.util.Map;

/** Told after every replay, so a long search is never silent. Called on the searching thread. */
@FunctionalInterface
public interface ReplayListener {
    ReplayListener NONE = (preset, n, changes, m) -> { };

    /**
     * @param preset the preset replayed
     * @param n replays of this preset so far, this one included (1 is the verdict)
     * @param changes the overrides the search added (empty for the verdict)
     * @param result what it gave
     */
    void replayed(String preset, int n, Map<String, String> changes, Metrics result);
}
