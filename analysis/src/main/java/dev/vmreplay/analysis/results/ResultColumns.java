package dev.vmreplay.analysis.results;

import dev.vmreplay.engine.Metrics;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Column contract of the results tables.
 *
 * <p>{@code results.parquet} / {@code results.csv}, one row per trace x configuration, columns in
 * this order:
 * <ol>
 *   <li>{@code run_id} (string): {@link RunSpec#runId()}</li>
 *   <li>{@code trace} (string), {@code io_trace} (string, null/empty without IO trace)</li>
 *   <li>{@code preset} (string)</li>
 *   <li>{@code overrides} (string): the grid settings applied on top of the preset,
 *       {@code key=value;key=value} ({@code ""} when none)</li>
 *   <li>{@code assumed_memory_bytes} (int64): memory assumed for a trace without manifest, 0 = none assumed</li>
 *   <li>every metric of DESIGN.md section 1 under its name, in {@link Metrics#asMap()} order
 *       (int64, int32, double or boolean as the metric is)</li>
 *   <li>every effective configuration key as {@code config.<key>} (string, the value as the engine
 *       prints it, with units), in the engine's key order. The prefix keeps configuration apart
 *       from metrics and matches the {@code config} object of {@code replay --format json}.</li>
 * </ol>
 *
 * <p>{@code passes.parquet}, one row per pass of every run: {@code run_id}, {@code trace},
 * {@code preset}, {@code overrides}, then {@link #PASS_COLUMNS}.
 *
 * <p>Rows are sorted by trace, IO trace, preset (in the engine's preset order), then configuration
 * in grid order, so the same runs always give byte-identical files.
 */
public final class ResultColumns {
    /** Prefix of configuration columns. */
    public static final String CONFIG_PREFIX = "config.";
    /** Identity columns at the head of every results row. */
    public static final List<String> KEY_COLUMNS = List.of("run_id", "trace", "io_trace", "preset", "overrides",
            "assumed_memory_bytes");
    /** Per-pass columns after the identity columns of {@code passes.parquet}. */
    public static final List<String> PASS_COLUMNS = List.of("pass", "start_ns", "duration_ns", "pages_sent",
            "bytes_sent", "dirty_pages_at_end", "trace_installs", "trace_fires", "guest_stall_vcpu_ns", "final");

    private static final Map<String, Class<?>> METRIC_TYPES = probeMetricTypes();

    private ResultColumns() {
    }

    /** Metric name to value type (Long, Integer, Double, Boolean or String), in {@link Metrics#asMap()} order. */
    public static Map<String, Class<?>> metricTypes() {
        return METRIC_TYPES;
    }

    /** Configuration column name of a key. */
    public static String configColumn(String key) {
        return CONFIG_PREFIX + key;
    }

    /**
     * Configuration keys over all records: the first record's key order, then keys only later
     * records have, sorted (the engine gives every run the same keys, so this is normally the first).
     */
    public static List<String> configKeys(List<RunRecord> records) {
        Set<String> keys = new LinkedHashSet<>();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            for (String k : records.get(i).effectiveConfig().keySet()) {
                if (i == 0) {
                    keys.add(k);
                } else if (!keys.contains(k) && !extra.contains(k)) {
                    extra.add(k);
                }
            }
        }
        Collections.sort(extra);
        keys.addAll(extra);
        return List.copyOf(keys);
    }

    /**
     * The metric value types, taken from {@link Metrics#asMap()} of an all-zero instance built
     * through the record's canonical constructor, so new metrics join the tables without edits here.
     */
    private static Map<String, Class<?>> probeMetricTypes() {
        try {
            RecordComponent[] components = Metrics.class.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] zeros = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                zeros[i] = zeroOf(types[i]);
            }
            Constructor<Metrics> ctor = Metrics.class.getDeclaredConstructor(types);
            Map<String, Object> probe = ctor.newInstance(zeros).asMap();
            Map<String, Class<?>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : probe.entrySet()) {
                out.put(e.getKey(), e.getValue().getClass());
            }
            return Collections.unmodifiableMap(out);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot derive metric columns from " + Metrics.class.getName(), e);
        }
    }

    private static Object zeroOf(Class<?> type) {
        if (type == long.class) {
            return 0L;
        } else if (type == int.class) {
            return 0;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == boolean.class) {
            return false;
        } else if (type == float.class) {
            return 0f;
        } else if (type == short.class) {
            return (short) 0;
        } else if (type == byte.class) {
            return (byte) 0;
        } else if (type == String.class) {
            return "";
        }
        throw new IllegalStateException("Metrics component of unsupported type " + type);
    }
}
