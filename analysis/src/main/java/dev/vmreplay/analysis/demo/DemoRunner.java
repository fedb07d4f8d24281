package dev.vmreplay.analysis.demo;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.report.Comparison;
import dev.vmreplay.analysis.report.ReportBuilder;
import dev.vmreplay.analysis.report.ReportFiles;
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
    public static final List<Map<String, String>> DEMO_POINTS = List.of(
            ordered("migration.start", "1s", "link.bandwidth", "10Gbit/s"),
            ordered("migration.start", "1s", "link.bandwidth", "25Gbit/s"));

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
                    runs.add(new RunSpec(g.tracePath(), g.ioTracePath(), g.traceName(), g.ioTraceName(), preset, point,
                            g.assumedMemoryBytes()));
                }
            }
        }
        Path sweepDir = outDir.resolve("sweep");
        new SweepRunner(backend, threads, listener).run(runs, sweepDir);
        ReportFiles.Written report = ReportFiles.write(ReportBuilder.build(sweepDir, null), outDir.resolve("report.html"));
        return new Outcome(sweepDir, report, summary(ResultsReader.readResults(sweepDir)), runs.size());
    }

    /**
     * One table per trace at the last sweep point (the fastest link): downtime, total time, bytes,
     * post-resume faults and downtime relative to {@value Comparison#DEFAULT_BASELINE}.
     */
    public static String summary(Table results) {
        Comparison c = new Comparison(results, Comparison.DEFAULT_BASELINE);
        Table all = c.withRatios();
        String point = all.stringColumn("overrides").get(all.rowCount() - 1);
        StringBuilder sb = new StringBuilder();
        for (String trace : c.traces()) {
            Table rows = c.forTrace(trace);
            rows = rows.where(rows.stringColumn("overrides").isEqualTo(point));
            sb.append(trace).append(point.isEmpty() ? "" : " (" + point.replace(";", ", ") + ")").append('\n');
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"preset", "downtime", "× qemu", "total", "sent", "faults"});
            for (Row r : rows) {
                double ratio = r.getDouble(Comparison.RATIO_PREFIX + "downtime_ns");
                lines.add(new String[] {r.getString("preset"),
                        r.getBoolean("aborted") ? "aborted" : Human.nanosBrief(r.getLong("downtime_ns")),
                        Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio),
                        Human.nanosBrief(r.getLong("total_ns")), Human.bytesBrief(r.getLong("bytes_sent")),
                        Long.toString(r.getLong("post_resume_faults"))});
            }
            int[] w = new int[6];
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
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
