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

    /**
     * Most runs a grid may make: the results tables hold every run's record at once, so a larger
     * sweep is split into several grids.
     */
    public static final long MAX_RUNS = 100_000;

    /** Configurations (the axes' cross product), saturating at {@link Long#MAX_VALUE}. */
    public long configurationCount() {
        long n = 1;
        for (List<String> values : axes.values()) {
            n = saturatingMultiply(n, values.size());
        }
        return n;
    }

    /** Runs: traces x presets x configurations, saturating at {@link Long#MAX_VALUE}. */
    public long runCount() {
        return saturatingMultiply(saturatingMultiply(traces.size(), presets.size()), configurationCount());
    }

    static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /**
     * Every combination of axis values (settings first, then one value per axis), last axis fastest.
     * A view: each combination is made when asked for, never the whole cross product at once.
     *
     * @throws IllegalStateException over {@link #MAX_RUNS} combinations (the parser refuses such grids)
     */
    public List<Map<String, String>> configurations() {
        long count = configurationCount();
        if (count > MAX_RUNS) {
            throw new IllegalStateException(count + " configurations, over " + MAX_RUNS);
        }
        List<Map.Entry<String, List<String>>> axisList = new ArrayList<>(axes.entrySet());
        int size = (int) count;
        return new java.util.AbstractList<>() {
            @Override
            public Map<String, String> get(int index) {
                java.util.Objects.checkIndex(index, size);
                // Mixed radix, last axis the lowest digit.
                String[] values = new String[axisList.size()];
                int rest = index;
                for (int a = axisList.size() - 1; a >= 0; a--) {
                    List<String> v = axisList.get(a).getValue();
                    values[a] = v.get(rest % v.size());
                    rest /= v.size();
                }
                Map<String, String> m = new LinkedHashMap<>(settings);
                for (int a = 0; a < values.length; a++) {
                    m.put(axisList.get(a).getKey(), values[a]);
                }
                return m;
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /**
     * All runs, sorted by trace label, IO trace label, preset (in {@link #presets()} order), then
     * configuration in grid order. A view like {@link #configurations()}.
     */
    public List<RunSpec> runs() {
        long count = runCount();
        if (count > MAX_RUNS) {
            throw new IllegalStateException(count + " runs, over " + MAX_RUNS);
        }
        List<GridTrace> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparing(GridTrace::memoryLabel)
                .thenComparing(t -> t.ioLabel() == null ? "" : t.ioLabel()));
        List<Map<String, String>> configurations = configurations();
        int perPreset = configurations.size();
        int perTrace = perPreset * presets.size();
        int size = (int) count;
        return new java.util.AbstractList<>() {
            @Override
            public RunSpec get(int index) {
                java.util.Objects.checkIndex(index, size);
                GridTrace t = sorted.get(index / perTrace);
                String preset = presets.get(index % perTrace / perPreset);
                Map<String, String> overrides = configurations.get(index % perPreset);
                return new RunSpec(t.memory(), t.io(), t.memoryLabel(), t.ioLabel(), preset, overrides,
                        t.assumedMemoryBytes());
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
