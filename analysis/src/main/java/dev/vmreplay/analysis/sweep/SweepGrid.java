package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep grid: traces x presets x the cross product of the parameter axes, with fixed
 * settings applied to every run.
 *
 * @param file the grid file
 * @param traces memory traces (with IO traces), sorted by label
 * @param presets preset names, in the engine's preset order (DESIGN.md section 4: baselines first,
 *     then the single-technique presets)
 * @param settings keys set in every run, in file order
 * @param axes each key with its values, in file order; the cross product varies the last axis fastest
 */
public record SweepGrid(Path file, List<GridTrace> traces, List<String> presets, Map<String, String> settings,
                        Map<String, List<String>> axes) {
    public SweepGrid {
        traces = List.copyOf(traces);
        presets = List.copyOf(presets);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        axes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        axes = Collections.unmodifiableMap(copy);
    }

    /** Every combination of axis values (settings first, then one value per axis), last axis fastest. */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>(settings));
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), value);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** All runs, sorted by trace label, IO trace label, preset (in {@link #presets()} order), then configuration in grid order. */
    public List<RunSpec> runs() {
        List<GridTrace> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparing(GridTrace::memoryLabel)
                .thenComparing(t -> t.ioLabel() == null ? "" : t.ioLabel()));
        List<Map<String, String>> configurations = configurations();
        List<RunSpec> runs = new ArrayList<>();
        for (GridTrace t : sorted) {
            for (String preset : presets) {
                for (Map<String, String> overrides : configurations) {
                    runs.add(new RunSpec(t.memoryPath(), t.ioPath(), t.memoryLabel(), t.ioLabel(), preset, overrides,
                            t.assumedMemoryBytes()));
                }
            }
        }
        return runs;
    }
}
