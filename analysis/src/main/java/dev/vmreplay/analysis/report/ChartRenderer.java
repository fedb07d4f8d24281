package dev.vmreplay.analysis.report;

import dev.vmreplay.units.Quantity;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws the report charts with JFreeChart as PNG: downtime against bandwidth, bytes per pass,
 * post-resume faults, contiguity loss and IO latency during migration. PNG because JFreeChart
 * 1.5 has no SVG writer of its own and PNG works in HTML (as a data URI) and Markdown alike.
 */
public final class ChartRenderer {
    public static final int WIDTH = 860;
    public static final int HEIGHT = 440;
    private static final String BANDWIDTH_COLUMN = "config.link.bandwidth";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartRenderer() {
    }

    public static List<Chart> render(Comparison comparison, Table passes) {
        List<Chart> charts = new ArrayList<>();
        for (Drawn d : draw(comparison, passes)) {
            charts.add(new Chart(d.id(), d.title(), d.caption(), png(d.chart())));
        }
        return charts;
    }

    /** A chart before it is rendered: tests read its datasets and legend instead of pixels. */
    record Drawn(String id, String title, String caption, JFreeChart chart) {
    }

    static List<Drawn> draw(Comparison comparison, Table passes) {
        List<Drawn> charts = new ArrayList<>();
        Table rows = comparison.withRatios();
        if (rows.rowCount() == 0) {
            return charts;
        }
        int n = 0;
        for (String trace : comparison.traces()) {
            n++;
            charts.add(downtimeChart(comparison.forTrace(trace), trace, n));
        }
        n = 0;
        for (String trace : comparison.traces()) {
            n++;
            Drawn c = bytesPerPassChart(comparison.forTrace(trace), passes, trace, n);
            if (c != null) {
                charts.add(c);
            }
        }
        String point = rows.stringColumn("overrides").get(0);
        Table atPoint = rows.where(rows.stringColumn("overrides").isEqualTo(point));
        String at = point.isEmpty() ? "each preset's own settings" : point.replace(";", ", ");
        charts.add(barChart("faults", "Post-resume faults", "post-resume faults",
                atPoint, "post_resume_faults", 1, "Post-resume faults by preset and trace, at " + at + "."));
        if (anyContiguityLoss(rows)) {
            charts.add(barChart("contiguity", "Contiguity loss", "share of large pages lost (%)",
                    atPoint, "contiguity_loss", 100, "Share of source large pages not backed by one destination large page at resume, at " + at + "."));
        }
        if (comparison.hasIo()) {
            charts.add(barChart("io-latency", "IO latency during migration", "IO p99 latency (ms)",
                    atPoint, "io_p99_ns", 1e-6, "99th percentile IO latency during migration, at " + at + "."));
        }
        return charts;
    }

    /** False when no run lost a large page: the chart would be empty bars on a meaningless axis. */
    static boolean anyContiguityLoss(Table rows) {
        if (!rows.columnNames().contains("contiguity_loss")) {
            return false;
        }
        NumericColumn<?> loss = rows.numberColumn("contiguity_loss");
        for (int i = 0; i < rows.rowCount(); i++) {
            if (!loss.isMissing(i) && loss.getDouble(i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Why the contiguity chart is left out, or null when it is shown. */
    public static String contiguityNote(Comparison comparison) {
        Table rows = comparison.withRatios();
        if (rows.rowCount() == 0 || anyContiguityLoss(rows)) {
            return null;
        }
        return "No contiguity-loss chart: no run lost a large page (contiguity loss is 0 in every run, as it is when "
                + "no trace has large pages).";
    }

    private static Drawn downtimeChart(Table rows, String trace, int n) {
        Map<String, Double> bandwidthOf = new LinkedHashMap<>();
        boolean hasBandwidth = rows.columnNames().contains(BANDWIDTH_COLUMN);
        if (hasBandwidth) {
            for (String text : rows.stringColumn(BANDWIDTH_COLUMN).unique().asList()) {
                bandwidthOf.put(text, Quantity.parseBytesPerSecond(BANDWIDTH_COLUMN, text) * 8.0);
            }
        }
        List<String> settings = new ArrayList<>();
        for (Row r : rows) {
            settings.add(withoutKey(r.getString("overrides"), "link.bandwidth"));
        }
        Set<String> differing = differingKeys(settings);
        String shared = sharedSettings(settings, differing);
        if (bandwidthOf.size() < 2) {
            return barChart("downtime-" + n, "Downtime: " + trace, "downtime (ms)", rows, "downtime_ns", 1e-6,
                    "Downtime of every configuration on " + trace + " (the sweep has one bandwidth)." + shared, "label");
        }
        Map<String, XYSeries> series = new LinkedHashMap<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        int i = 0;
        for (Row r : rows) {
            String key = label(r.getString("preset"), settings.get(i++), differing);
            double ms = r.getLong("downtime_ns") / 1e6;
            series.computeIfAbsent(key, k -> new XYSeries(k, true, true))
                    .add(bandwidthOf.get(r.getString(BANDWIDTH_COLUMN)) / 1e9, ms);
            if (ms > 0) {
                min = Math.min(min, ms);
            }
            max = Math.max(max, ms);
        }
        ValueAxis x = logOrLinear("link bandwidth (Gbit/s)", bandwidthOf.values().stream().mapToDouble(v -> v / 1e9).min().orElse(1),
                bandwidthOf.values().stream().mapToDouble(v -> v / 1e9).max().orElse(1), true);
        ValueAxis y = logOrLinear("downtime (ms)", min, max, allPositive(rows, "downtime_ns"));
        XYPlot plot = linePlot(series, x, y);
        JFreeChart chart = new JFreeChart("Downtime vs bandwidth: " + trace, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return new Drawn("downtime-" + n, "Downtime vs bandwidth: " + trace, "Downtime of each preset against link bandwidth on "
                + trace + " (log scales where values span more than 100x)." + shared, chart);
    }

    /**
     * The plot of some lines, one per series in order. A series identical at every point to an earlier
     * one would be drawn exactly under it: it is not drawn, and its legend entry says
     * "(same as EARLIER)" instead.
     */
    static XYPlot linePlot(Map<String, XYSeries> series, ValueAxis x, ValueAxis y) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        List<XYSeries> drawn = new ArrayList<>();
        for (XYSeries s : series.values()) {
            XYSeries same = null;
            for (XYSeries d : drawn) {
                if (d.getItems().equals(s.getItems())) {
                    same = d;
                    break;
                }
            }
            if (same == null) {
                drawn.add(s);
            } else {
                s.setKey(s.getKey() + " (same as " + same.getKey() + ")");
                renderer.setSeriesLinesVisible(data.getSeriesCount(), false);
                renderer.setSeriesShapesVisible(data.getSeriesCount(), false);
            }
            data.addSeries(s);
        }
        return new XYPlot(data, x, y, renderer);
    }

    /** The setting keys ({@code key=value} parts of the overrides) that do not have one value in every run. */
    static Set<String> differingKeys(List<String> overrides) {
        Set<String> keys = new TreeSet<>();
        List<Map<String, String>> parsed = new ArrayList<>();
        for (String o : overrides) {
            Map<String, String> m = parse(o);
            parsed.add(m);
            keys.addAll(m.keySet());
        }
        Set<String> differing = new LinkedHashSet<>();
        for (String key : keys) {
            for (Map<String, String> m : parsed) {
                if (!java.util.Objects.equals(m.get(key), parsed.get(0).get(key))) {
                    differing.add(key);
                    break;
                }
            }
        }
        return differing;
    }

    /** " Every run here has a=1, b=2." for the settings all runs share; empty when there are none. */
    static String sharedSettings(List<String> overrides, Set<String> differing) {
        if (overrides.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : parse(overrides.get(0)).entrySet()) {
            if (!differing.contains(e.getKey())) {
                parts.add(e.getKey() + "=" + e.getValue());
            }
        }
        return parts.isEmpty() ? "" : " Every run here has " + String.join(", ", parts) + ".";
    }

    /** The preset, then only the settings that differ between the plotted runs. */
    static String label(String preset, String overrides, Set<String> differing) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : parse(overrides).entrySet()) {
            if (differing.contains(e.getKey())) {
                parts.add(e.getKey() + "=" + e.getValue());
            }
        }
        return parts.isEmpty() ? preset : preset + " " + String.join(", ", parts);
    }

    private static Map<String, String> parse(String overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!overrides.isEmpty()) {
            for (String part : overrides.split(";")) {
                int eq = part.indexOf('=');
                m.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
            }
        }
        return m;
    }

    private static Drawn bytesPerPassChart(Table rows, Table passes, String trace, int n) {
        if (rows.rowCount() == 0 || passes.rowCount() == 0) {
            return null;
        }
        String point = rows.stringColumn("overrides").get(0);
        Table mine = passes.where(passes.stringColumn("trace").isEqualTo(trace)
                .and(passes.stringColumn("overrides").isEqualTo(point)));
        if (mine.rowCount() == 0) {
            return null;
        }
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Row r : mine) {
            series.computeIfAbsent(r.getString("preset"), k -> new XYSeries(k, true, true))
                    .add(r.getInt("pass"), r.getLong("bytes_sent") / (1024.0 * 1024));
        }
        NumberAxis x = new NumberAxis("pass (the last point of each line is the stop-and-copy)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("MiB sent");
        XYPlot plot = linePlot(series, x, y);
        String title = "Bytes per pass: " + trace;
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        String at = point.isEmpty() ? "" : " at " + point.replace(";", ", ");
        return new Drawn("bytes-per-pass-" + n, title, "Bytes put on the link in each pre-copy pass and the final stop-and-copy on "
                + trace + at + ".", chart);
    }

    private static Drawn barChart(String id, String title, String axisLabel, Table rows, String column, double scale,
                                  String caption) {
        return barChart(id, title, axisLabel, rows, column, scale, caption, "trace");
    }

    /**
     * Bars per preset; series are traces ({@code seriesBy = "trace"}) or one series of configuration
     * labels (the preset and the settings that differ between the rows).
     */
    private static Drawn barChart(String id, String title, String axisLabel, Table rows, String column, double scale,
                                  String caption, String seriesBy) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Set<String> differing = differingKeys(rows.stringColumn("overrides").asList());
        for (Row r : rows) {
            double v = r.getNumber(column) * scale;
            if (seriesBy.equals("trace")) {
                data.addValue(v, r.getString("trace"), r.getString("preset"));
            } else {
                data.addValue(v, column, label(r.getString("preset"), r.getString("overrides"), differing));
            }
        }
        CategoryAxis x = new CategoryAxis("preset");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis(axisLabel);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, seriesBy.equals("trace"));
        return new Drawn(id, title, caption, chart);
    }

    /**
     * One bar per category with a horizontal marker line (an SLA, a link budget), each bar labelled with
     * its value; a log scale when the bars and the line span more than {@value #MARKER_LOG_SPAN}x, so a
     * small bar next to a tall one stays visible.
     *
     * @param values category to value, in display order; NaN values are left out
     */
    public static Chart barChartWithMarker(String id, String title, String caption, String axisLabel,
                                           Map<String, Double> values, double marker, String markerLabel) {
        return new Chart(id, title, caption, png(markerBarChart(title, axisLabel, values, marker, markerLabel)));
    }

    /** Bars and the marker span more than this factor: log scale. */
    public static final double MARKER_LOG_SPAN = 10;

    /** The chart of {@link #barChartWithMarker}, not yet rendered. */
    public static JFreeChart markerBarChart(String title, String axisLabel, Map<String, Double> values, double marker,
                                            String markerLabel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double max = marker;
        double min = marker;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = e.getValue();
            if (!Double.isNaN(v)) {
                data.addValue(v, axisLabel, e.getKey());
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        CategoryAxis x = new CategoryAxis("technique");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        ValueAxis y;
        if (min > 0 && max / min > MARKER_LOG_SPAN) {
            LogAxis log = new LogAxis(axisLabel + ", log scale");
            log.setBase(10);
            log.setSmallestValue(min / 4);
            log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1), false, true);
            log.setNumberFormatOverride(new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            log.setRange(min / 4, max * 4);
            y = log;
        } else {
            NumberAxis linear = new NumberAxis(axisLabel);
            linear.setRange(0, max > 0 ? max * 1.2 : 1);
            y = linear;
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.category.CategoryDataset dataset, int row, int column) {
                Number v = dataset.getValue(row, column);
                return v == null ? null : significant(v.doubleValue());
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 11));
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        org.jfree.chart.plot.ValueMarker line = new org.jfree.chart.plot.ValueMarker(marker);
        line.setPaint(new Color(0xB00020));
        line.setStroke(new java.awt.BasicStroke(2f));
        line.setLabel(markerLabel);
        line.setLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 12));
        line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(line);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    }

    /** A bar label: three significant digits, no exponent ({@code 0.00123}, {@code 1230}). */
    static String significant(double v) {
        if (v == 0 || Double.isInfinite(v) || Double.isNaN(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        String text = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return text;
    }

    private static ValueAxis logOrLinear(String label, double min, double max, boolean positive) {
        if (positive && min > 0 && max / min > 100) {
            LogAxis axis = new LogAxis(label);
            axis.setBase(10);
            axis.setSmallestValue(min / 2);
            axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1), false, true);
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    private static boolean allPositive(Table rows, String column) {
        for (Row r : rows) {
            if (r.getNumber(column) <= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code a=1;b=2;c=3} without {@code b}: {@code a=1;c=3}. */
    static String withoutKey(String overrides, String key) {
        if (overrides.isEmpty()) {
            return overrides;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : overrides.split(";")) {
            if (!part.startsWith(key + "=")) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(part);
            }
        }
        return sb.toString();
    }

    /** Distinct, print-safe series colours (Okabe-Ito), so no series fades into the background. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    public static byte[] png(JFreeChart chart) {
        StandardChartTheme.createJFreeTheme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(new Color(0xF7F7F7));
            p.setDomainGridlinePaint(new Color(0xCCCCCC));
            p.setRangeGridlinePaint(new Color(0xCCCCCC));
            for (int i = 0; i < p.getDataset().getSeriesCount(); i++) {
                p.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                p.getRenderer().setSeriesStroke(i, new java.awt.BasicStroke(2f));
            }
        } else if (chart.getPlot() instanceof CategoryPlot p) {
            p.setBackgroundPaint(new Color(0xF7F7F7));
            p.setRangeGridlinePaint(new Color(0xCCCCCC));
            if (p.getRenderer() instanceof BarRenderer b) {
                b.setBarPainter(new StandardBarPainter());
                b.setShadowVisible(false);
                for (int i = 0; i < p.getDataset().getRowCount(); i++) {
                    b.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                }
            }
        }
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        try {
            return ChartUtils.encodeAsPNG(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart " + chart.getTitle().getText(), e);
        }
    }

}
