package dev.vmreplay.analysis.demo;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.report.Comparison;
import dev.vmreplay.analysis.report.ReportBuilder;
import dev.vmreplay.analysis.report.ReportFiles;
import dev.vmreplay.analysis.report.ReportMetric;
import dev.vmreplay.analysis.results.ResultsReader;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import dev.vmreplay.units.Human;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo: every preset on every guest of a {@link DemoFleet} at each of a few settings, the
 * comparison report, and a summary table for the terminal.
 */
public final class DemoRunner {
    /**
     * Settings of the demo's sweep points: migration 1 s into the trace, at two link speeds so the
     * downtime-vs-bandwidth chart has a line.
     */
    /**
     * Trace time at which every demo migration starts. Guests keep running after their recording
     * ends ({@code trace.end = loop}), so short recordings still drive long migrations and the
     * post-resume window; a fleet should leave out recordings that end before this point.
     */
    public static final long MIGRATION_START_NANOS = 500_000_000L;

    public static final List<Map<String, String>> DEMO_POINTS = List.of(
            ordered("migration.start", MIGRATION_START_NANOS / 1_000_000 + "ms", "trace.end", "loop",
                    "link.bandwidth", "10Gbit/s"),
            ordered("migration.start", MIGRATION_START_NANOS / 1_000_000 + "ms", "trace.end", "loop",
                    "link.bandwidth", "25Gbit/s"));

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private DemoRunner() {
    }

    /** What the demo did. */
    public record Outcome(Path sweepDir, ReportFiles.Written report, String summary, int runs) {
    }

    public static Outcome run(ReplayBackend backend, DemoFleet fleet, Path outDir, int threads, SweepListener listener,
                              List<Map<String, String>> points) {
        List<RunSpec> guests = new ArrayList<>(fleet.prepare(outDir.resolve("traces")));
        guests.sort(Comparator.comparing(RunSpec::traceName));
        List<String> presets = backend.presetNames();
        List<RunSpec> runs = new ArrayList<>();
        for (RunSpec g : guests) {
            for (String preset : presets) {
                for (Map<String, String> point : points) {
                    runs.add(g.with(preset, point));
                }
            }
        }
        Path sweepDir = outDir.resolve("sweep");
        new SweepRunner(backend, threads, listener).run(runs, sweepDir);
        ReportFiles.Written report = ReportFiles.write(ReportBuilder.build(sweepDir, null), outDir.resolve("report.html"));
        return new Outcome(sweepDir, report, summary(ResultsReader.readResults(sweepDir)), runs.size());
    }

    /**
     * The terminal summary at the last sweep point (the fastest link): one line per preset with the
     * geometric means over all guests of its downtime, total time and bytes relative to
     * {@value Comparison#DEFAULT_BASELINE}, its post-resume faults (sum), mean contiguity loss, worst
     * downtime and how many migrations did not complete (aborted or timed out: no downtime counted for
     * them); then, per guest, the preset with the shortest downtime among the migrations that completed.
     * The per-guest tables are in the report.
     */
    public static String summary(Table results) {
        String point = results.stringColumn("overrides").get(results.rowCount() - 1);
        Table at = results.where(results.stringColumn("overrides").isEqualTo(point));
        Comparison c = new Comparison(at, Comparison.DEFAULT_BASELINE);
        List<ReportMetric> ratios = ReportMetric.COMPARED.subList(0, 3); // downtime, total time, bytes sent
        int guests = c.traces().size();
        StringBuilder sb = new StringBuilder();
        sb.append(guests).append(guests == 1 ? " guest" : " guests")
                .append(point.isEmpty() ? "" : " at " + point.replace(";", ", "))
                .append("; × = geometric mean over the guests of the ratio to ").append(c.baseline()).append('\n');
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"preset", "downtime ×", "total ×", "sent ×", "faults (sum)", "contiguity lost", "worst downtime",
            "not migrated"});
        for (Comparison.TechniqueEffect e : c.presetEffects(ratios)) {
            Table rows = e.points();
            long faults = 0;
            double contiguity = 0;
            long worst = 0;
            int aborted = 0;
            for (Row r : rows) {
                faults += r.getLong("post_resume_faults");
                contiguity += r.getDouble("contiguity_loss");
                if (!Comparison.migrated(rows, r.getRowNumber())) {
                    aborted++;
                } else {
                    worst = Math.max(worst, r.getLong("downtime_ns"));
                }
            }
            lines.add(new String[] {e.preset(),
                    ReportMetric.formatRatio(e.geometricMeanRatio().get("downtime_ns")),
                    ReportMetric.formatRatio(e.geometricMeanRatio().get("total_ns")),
                    ReportMetric.formatRatio(e.geometricMeanRatio().get("bytes_sent")),
                    Long.toString(faults),
                    String.format(Locale.ROOT, "%.1f%%", 100 * contiguity / Math.max(1, rows.rowCount())),
                    Human.nanosBrief(worst), Integer.toString(aborted)});
        }
        appendAligned(sb, lines);
        sb.append('\n').append("shortest downtime per guest").append('\n');
        lines = new ArrayList<>();
        lines.add(new String[] {"guest", "preset", "downtime", c.baseline()});
        for (String trace : c.traces()) {
            Table rows = c.forTrace(trace);
            String best = null;
            long bestDowntime = Long.MAX_VALUE;
            long baseDowntime = -1;
            for (Row r : rows) {
                long d = r.getLong("downtime_ns");
                boolean migrated = Comparison.migrated(rows, r.getRowNumber());
                if (r.getString("preset").equals(c.baseline()) && migrated) {
                    baseDowntime = d;
                }
                if (migrated && d < bestDowntime) {
                    bestDowntime = d;
                    best = r.getString("preset");
                }
            }
            lines.add(new String[] {trace, best == null ? "none migrated" : best,
                    best == null ? "—" : Human.nanosBrief(bestDowntime),
                    baseDowntime < 0 ? "—" : Human.nanosBrief(baseDowntime)});
        }
        appendAligned(sb, lines);
        return sb.toString();
    }

    /** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
    private static void appendAligned(StringBuilder sb, List<String[]> lines) {
        int[] w = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < l.length; i++) {
                String cell = i == 0 ? String.format(Locale.ROOT, "%-" + w[i] + "s", l[i])
                        : String.format(Locale.ROOT, "%" + w[i] + "s", l[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
