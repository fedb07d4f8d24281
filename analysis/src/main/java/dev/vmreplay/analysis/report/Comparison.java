package dev.vmreplay.analysis.report;

import dev.vmreplay.engine.Outcome;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.joining.JoinType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The numbers of a report, computed with Tablesaw from a results table.
 *
 * <p>Each row is compared with the baseline preset's row for the same trace, IO trace and
 * overrides (the same point of the sweep), so a sweep over bandwidths compares like with like.
 * {@code ratio.<metric>} = value / baseline value: NaN (shown "—") when
 * the baseline is 0 or the sweep has no baseline row at that point.
 *
 * <p>A preset whose name contains {@code +} is a single technique on top of a base preset
 * ({@code qemu-precopy+zero-fill}: technique {@code zero-fill}); its effect in isolation is its
 * ratio to the baseline at every point, summarised per technique as the geometric mean over
 * points with a defined ratio.
 */
public final class Comparison {
    public static final String RATIO_PREFIX = "ratio.";
    public static final String DEFAULT_BASELINE = "qemu-precopy";

    private final Table results;
    private final String baseline;
    private final Table withRatios;

    public Comparison(Table results, String baseline) {
        this.results = results;
        this.baseline = baseline;
        this.withRatios = computeRatios();
    }

    public String baseline() {
        return baseline;
    }

    /** True when at least one row is a baseline row. */
    public boolean hasBaseline() {
        return results.stringColumn("preset").isEqualTo(baseline).size() > 0;
    }

    /** True when any row has an IO trace. */
    public boolean hasIo() {
        return results.stringColumn("io_trace").isNotMissing().size() > 0;
    }

    /** Trace labels in results order (first appearance). */
    public List<String> traces() {
        return distinct(results.stringColumn("trace"));
    }

    /** Preset names in results order. */
    public List<String> presets() {
        return distinct(results.stringColumn("preset"));
    }

    /** The results table plus {@code ratio.<metric>} columns, in results row order. */
    public Table withRatios() {
        return withRatios;
    }

    /** Rows of one trace, in results order. */
    public Table forTrace(String trace) {
        return withRatios.where(withRatios.stringColumn("trace").isEqualTo(trace));
    }

    /** Effect of one technique in isolation. */
    public record TechniqueEffect(String technique, String preset, Map<String, Double> geometricMeanRatio, Table points) {
    }

    /** Single-technique presets ({@code +} in the name), in results order, with their ratios. */
    public List<TechniqueEffect> techniqueEffects(List<ReportMetric> metrics) {
        return effects(metrics, true);
    }

    /** Every preset, in results order, with the geometric mean of its ratios over all points. */
    public List<TechniqueEffect> presetEffects(List<ReportMetric> metrics) {
        return effects(metrics, false);
    }

    private List<TechniqueEffect> effects(List<ReportMetric> metrics, boolean singleTechniquesOnly) {
        List<TechniqueEffect> out = new ArrayList<>();
        for (String preset : presets()) {
            int plus = preset.lastIndexOf('+');
            if (singleTechniquesOnly && (plus < 0 || preset.equals(baseline))) {
                continue;
            }
            Table points = withRatios.where(withRatios.stringColumn("preset").isEqualTo(preset));
            Map<String, Double> means = new LinkedHashMap<>();
            for (ReportMetric m : metrics) {
                DoubleColumn r = points.doubleColumn(RATIO_PREFIX + m.column());
                double logSum = 0;
                int n = 0;
                for (int i = 0; i < r.size(); i++) {
                    double v = r.getDouble(i);
                    if (!Double.isNaN(v) && v > 0 && !Double.isInfinite(v)) {
                        logSum += Math.log(v);
                        n++;
                    } else if (v == 0) {
                        // A technique that removes a cost entirely: the mean is 0 as well.
                        logSum = Double.NEGATIVE_INFINITY;
                        n++;
                    }
                }
                means.put(m.column(), n == 0 ? Double.NaN : Math.exp(logSum / n));
            }
            out.add(new TechniqueEffect(preset.substring(plus + 1), preset, means, points));
        }
        return out;
    }

    private Table computeRatios() {
        Table t = results.copy();
        t.setName("comparison");
        IntColumn order = IntColumn.indexColumn("row_order", t.rowCount(), 0);
        t.addColumns(order, pointKey(t));
        Table base = t.where(t.stringColumn("preset").isEqualTo(baseline));
        Table baseValues = Table.create("baseline", base.stringColumn("point_key").copy());
        for (ReportMetric m : ReportMetric.COMPARED) {
            DoubleColumn b = asDouble(base.numberColumn(m.column()), "base." + m.column());
            for (int i = 0; i < base.rowCount(); i++) {
                if (!migrated(base, i)) {
                    b.setMissing(i); // a baseline that did not migrate has no figures to compare with
                }
            }
            baseValues.addColumns(b);
        }
        Table joined = t.joinOn("point_key").type(JoinType.LEFT_OUTER).with(baseValues).join();
        joined = joined.sortAscendingOn("row_order");
        for (ReportMetric m : ReportMetric.COMPARED) {
            NumericColumn<?> value = joined.numberColumn(m.column());
            DoubleColumn baseValue = joined.doubleColumn("base." + m.column());
            DoubleColumn ratio = DoubleColumn.create(RATIO_PREFIX + m.column(), joined.rowCount());
            for (int i = 0; i < joined.rowCount(); i++) {
                double b = baseValue.isMissing(i) ? Double.NaN : baseValue.getDouble(i);
                ratio.set(i, migrated(joined, i) ? ReportMetric.ratio(value.getDouble(i), b) : Double.NaN);
            }
            joined.addColumns(ratio);
            joined.removeColumns("base." + m.column());
        }
        joined.removeColumns("row_order", "point_key");
        return joined;
    }

    /**
     * Whether row {@code i}'s guest ended at the destination ({@code outcome}; tables without the column come
     * from before it and count as migrated unless {@code aborted}).
     */
    public static boolean migrated(Table t, int i) {
        if (t.columnNames().contains("outcome")) {
            return Outcome.ofLabel(t.stringColumn("outcome").get(i)).migrated();
        }
        return !t.booleanColumn("aborted").get(i);
    }

    /** trace, IO trace and overrides in one string: rows with equal keys are the same sweep point. */
    private static StringColumn pointKey(Table t) {
        StringColumn key = StringColumn.create("point_key");
        for (Row r : t) {
            key.append(r.getString("trace") + "\u0001" + r.getString("io_trace") + "\u0001" + r.getString("overrides"));
        }
        return key;
    }

    private static DoubleColumn asDouble(NumericColumn<?> c, String name) {
        DoubleColumn d = DoubleColumn.create(name, c.size());
        for (int i = 0; i < c.size(); i++) {
            d.set(i, c.getDouble(i));
        }
        return d;
    }

    private static List<String> distinct(Column<String> c) {
        List<String> out = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < c.size(); i++) {
            if (seen.add(c.get(i))) {
                out.add(c.get(i));
            }
        }
        return out;
    }
}
