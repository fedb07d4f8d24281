package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.results.ResultColumns;
import dev.vmreplay.analysis.results.ResultsReader;
import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.Cell;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;
import dev.vmreplay.analysis.report.ReportDocument.Paragraph;
import dev.vmreplay.analysis.report.ReportDocument.Section;
import dev.vmreplay.analysis.report.ReportDocument.TableBlock;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the comparison report of a results directory. */
public final class ReportBuilder {
    private static final String MODE_COLUMN = ResultColumns.CONFIG_PREFIX + "migration.mode";

    private ReportBuilder() {
    }

    /**
     * @param resultsDir directory holding {@code results.parquet} and {@code passes.parquet}
     * @param baseline baseline preset; null for the default ({@value Comparison#DEFAULT_BASELINE},
     *     silently without ratios when the results have no such rows)
     * @throws IllegalArgumentException when an explicitly named baseline is not in the results
     */
    public static ReportDocument build(Path resultsDir, String baseline) {
        Table results = ResultsReader.readResults(resultsDir);
        Table passes = ResultsReader.readPasses(resultsDir);
        return build(results, passes, baseline, resultsDir.toString());
    }

    public static ReportDocument build(Table results, Table passes, String baseline, String source) {
        String base = baseline == null ? Comparison.DEFAULT_BASELINE : baseline;
        Comparison c = new Comparison(results, base);
        if (baseline != null && !c.hasBaseline()) {
            throw new IllegalArgumentException("--baseline: preset '" + baseline + "' is not in the results (presets: "
                    + String.join(", ", c.presets()) + ")");
        }
        List<ReportMetric> metrics = c.hasIo() ? ReportMetric.COMPARED
                : ReportMetric.COMPARED.stream().filter(m -> !m.io()).toList();
        List<Section> sections = new ArrayList<>();

        List<Block> intro = new ArrayList<>();
        intro.add(new Paragraph("Results from " + source + ": " + results.rowCount() + " runs over " + c.traces().size()
                + " trace(s) and " + c.presets().size() + " preset(s)."));
        if (c.hasBaseline()) {
            intro.add(new Paragraph("Baseline: " + base + ". Under each value, its ratio (×) to the baseline's value "
                    + "for the same trace and settings; every metric here is lower-is-better, so green (below 1) is an "
                    + "improvement and red (above 1) a regression. — means the ratio is undefined (baseline 0 or no "
                    + "baseline run at that point)."));
        } else {
            intro.add(new Paragraph("No run of the baseline preset " + base + " is in these results, so no ratios are shown."));
        }
        if (!c.hasIo()) {
            intro.add(new Paragraph("No run had an IO trace: IO metrics (SR-IOV handover) are left out."));
        }
        String shortRuns = recordingsShorterThanTheirRuns(results);
        if (!shortRuns.isEmpty()) {
            intro.add(new Paragraph(shortRuns));
        }
        if (c.hasBaseline()) {
            intro.add(new Paragraph("Every preset against " + base + ": the geometric mean of its ratios over every trace and "
                    + "sweep point."));
            intro.add(techniqueSummary(c.presetEffects(metrics), metrics, false));
        }
        sections.add(new Section(2, "Overview", intro));

        for (String trace : c.traces()) {
            sections.add(new Section(2, "Trace " + trace,
                    List.of(traceTable(c.forTrace(trace), metrics, c.hasBaseline(), c.hasIo()))));
        }

        List<Comparison.TechniqueEffect> effects = c.techniqueEffects(metrics);
        if (c.hasBaseline() && !effects.isEmpty()) {
            List<Block> blocks = new ArrayList<>();
            blocks.add(new Paragraph("Each single-technique preset against " + base + ": the geometric mean of its "
                    + "ratios over every trace and sweep point (details per point below)."));
            blocks.add(techniqueSummary(effects, metrics, true));
            for (Comparison.TechniqueEffect e : effects) {
                blocks.add(new Paragraph(e.technique() + " (" + e.preset() + ") at each point:"));
                blocks.add(techniquePoints(e, metrics));
            }
            sections.add(new Section(2, "Techniques in isolation", blocks));
        }

        List<Block> charts = new ArrayList<>();
        for (Chart chart : ChartRenderer.render(c, passes)) {
            charts.add(new ChartBlock(chart));
        }
        String contiguity = ChartRenderer.contiguityNote(c);
        if (contiguity != null) {
            charts.add(new Paragraph(contiguity));
        }
        sections.add(new Section(2, "Charts", charts));
        return new ReportDocument("vmreplay comparison report", sections);
    }

    private static TableBlock traceTable(Table rows, List<ReportMetric> metrics, boolean ratios, boolean io) {
        List<String> headers = new ArrayList<>(List.of("preset", "settings"));
        if (io) {
            headers.add("IO trace");
        }
        for (ReportMetric m : metrics) {
            headers.add(ratios ? m.heading() + " (×)" : m.heading());
        }
        headers.add("outcome");
        boolean hasMode = rows.columnNames().contains(MODE_COLUMN);
        List<List<Cell>> out = new ArrayList<>();
        for (Row r : rows) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.plain(r.getString("preset")));
            cells.add(Cell.plain(settingsLabel(r.getString("overrides"))));
            if (io) {
                cells.add(Cell.plain(r.getString("io_trace").isEmpty() ? "—" : r.getString("io_trace")));
            }
            String outcome = convergence(r, hasMode);
            boolean migrated = Comparison.migrated(rows, r.getRowNumber());
            for (ReportMetric m : metrics) {
                if (!migrated && m.migrationFigure()) {
                    cells.add(Cell.plain("did not migrate")); // a failed migration has no downtime, only its reason
                    continue;
                }
                String value = m.format(r.getNumber(m.column()));
                cells.add(ratios ? Cell.valueWithRatio(value, r.getDouble(Comparison.RATIO_PREFIX + m.column()))
                        : Cell.number(value));
            }
            cells.add(Cell.plain(outcome));
            out.add(cells);
        }
        return new TableBlock(headers, out);
    }

    /**
     * The outcome column: how the migration ended ({@code outcome}: converged, forced, paused,
     * postcopy-fallback, aborted, timed-out, completed); results from before that column say converged,
     * forced, aborted or n/a (stop-and-copy and post-copy do not decide when to switch over).
     */
    private static String convergence(Row r, boolean hasMode) {
        if (r.columnNames().contains("outcome")) {
            return r.getString("outcome");
        }
        return convergence(r.getBoolean("aborted"), hasMode ? r.getString(MODE_COLUMN) : null, r.getBoolean("converged"));
    }

    /**
     * The converged column of results from before the outcome column: aborted, n/a for a mode without a
     * switch-over decision, else yes or forced.
     *
     * @param mode {@code migration.mode}, or null when not known (taken as pre-copy)
     */
    public static String convergence(boolean aborted, String mode, boolean converged) {
        if (aborted) {
            return "aborted";
        }
        if (mode != null && !mode.equals("precopy")) {
            return "n/a";
        }
        return converged ? "yes" : "forced";
    }

    private static TableBlock techniqueSummary(List<Comparison.TechniqueEffect> effects, List<ReportMetric> metrics,
                                               boolean techniques) {
        List<String> headers = new ArrayList<>(techniques ? List.of("technique", "preset", "points") : List.of("preset", "points"));
        for (ReportMetric m : metrics) {
            headers.add(m.heading() + " ×");
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Comparison.TechniqueEffect e : effects) {
            List<Cell> cells = new ArrayList<>();
            if (techniques) {
                cells.add(Cell.plain(e.technique()));
            }
            cells.add(Cell.plain(e.preset()));
            cells.add(Cell.number(Integer.toString(e.points().rowCount())));
            for (ReportMetric m : metrics) {
                cells.add(Cell.ratio(e.geometricMeanRatio().get(m.column())));
            }
            rows.add(cells);
        }
        return new TableBlock(headers, rows);
    }

    private static TableBlock techniquePoints(Comparison.TechniqueEffect e, List<ReportMetric> metrics) {
        List<String> headers = new ArrayList<>(List.of("trace", "settings"));
        for (ReportMetric m : metrics) {
            headers.add(m.heading() + " ×");
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Row r : e.points()) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.plain(r.getString("trace")));
            cells.add(Cell.plain(settingsLabel(r.getString("overrides"))));
            for (ReportMetric m : metrics) {
                cells.add(Cell.ratio(r.getDouble(Comparison.RATIO_PREFIX + m.column())));
            }
            rows.add(cells);
        }
        return new TableBlock(headers, rows);
    }

    static String settingsLabel(String overrides) {
        return overrides.isEmpty() ? "preset defaults" : overrides.replace(";", ", ");
    }

    /** For tests and summaries: metric name to geometric mean ratio of one technique. */
    public static Map<String, Double> techniqueMeans(Comparison c, String preset) {
        for (Comparison.TechniqueEffect e : c.techniqueEffects(ReportMetric.COMPARED)) {
            if (e.preset().equals(preset)) {
                return e.geometricMeanRatio();
            }
        }
        throw new IllegalArgumentException("no single-technique preset " + preset);
    }

    /**
     * A warning naming the runs whose recording ran out before their post-resume window ended
     * ({@code trace_covers_window} false): their post-resume faults and IO after resume undercount.
     * Empty when every run was covered, or the results predate the column.
     */
    static String recordingsShorterThanTheirRuns(Table results) {
        if (!results.columnNames().contains("trace_covers_window")) {
            return "";
        }
        List<String> traces = new ArrayList<>();
        int runs = 0;
        for (Row r : results) {
            if (!r.getBoolean("trace_covers_window")) {
                runs++;
                if (!traces.contains(r.getString("trace"))) {
                    traces.add(r.getString("trace"));
                }
            }
        }
        if (runs == 0) {
            return "";
        }
        return "Warning: in " + runs + " of " + results.rowCount() + " runs the recording ended before the post-resume "
                + "window did (traces: " + String.join(", ", traces) + "), so the guest was idle for part of the "
                + "replay: post-resume faults and IO after resume undercount, and pre-copy converged more easily than "
                + "the guest would let it. Sweep with trace.end: loop to replay such recordings copy after copy.";
    }
}
