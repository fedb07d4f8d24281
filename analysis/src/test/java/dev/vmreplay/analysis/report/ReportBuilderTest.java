package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.results.ResultsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportBuilderTest {
    @TempDir
    Path dir;

    private static double ratioOf(Table t, String preset, String overrides, String metric) {
        Table row = t.where(t.stringColumn("preset").isEqualTo(preset).and(t.stringColumn("overrides").isEqualTo(overrides))
                .and(t.stringColumn("trace").isEqualTo("vm-a.parquet")));
        assertEquals(1, row.rowCount());
        return row.doubleColumn(Comparison.RATIO_PREFIX + metric).getDouble(0);
    }

    @Test
    void ratiosCompareWithTheBaselineAtTheSameSweepPoint() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        Comparison c = new Comparison(ResultsReader.readResults(sweep), "qemu-precopy");
        Table t = c.withRatios();
        String at10 = "link.bandwidth=10Gbit/s";
        // FakeBackend: downtime = share * factor * M / B, so ratios are independent of M and B.
        assertEquals(0.08 * 1.5 / (0.1 * 2), ratioOf(t, "qemu-precopy+zero-fill", at10, "downtime_ns"), 1e-6);
        assertEquals(1.25 / 2, ratioOf(t, "seeds-all", at10, "total_ns"), 1e-6);
        assertEquals(1.0 / 2, ratioOf(t, "stop-and-copy", at10, "bytes_sent"), 1e-9);
        assertEquals(0.0, ratioOf(t, "seeds-all", at10, "post_resume_faults"));
        assertEquals(1.0, ratioOf(t, "qemu-precopy", at10, "downtime_ns"));
        assertTrue(Double.isNaN(ratioOf(t, "qemu-precopy", at10, "io_downtime_ns")),
                "0 against a baseline of 0 is undefined (shown as a dash), not a measured 1.00x");
        assertEquals(0.5, ratioOf(t, "qemu-precopy+zero-fill", "link.bandwidth=1Gbit/s", "post_resume_faults"));

        Map<String, Double> zeroFill = ReportBuilder.techniqueMeans(c, "qemu-precopy+zero-fill");
        assertEquals(0.6, zeroFill.get("downtime_ns"), 1e-6);
        assertEquals(0.75, zeroFill.get("total_ns"), 1e-6);
        assertEquals(0.0, zeroFill.get("contiguity_loss"));

        Comparison.TechniqueEffect stop = c.presetEffects(ReportMetric.COMPARED).stream()
                .filter(e -> e.preset().equals("stop-and-copy")).findFirst().orElseThrow();
        assertEquals(5.0, stop.geometricMeanRatio().get("downtime_ns"), 1e-6, "(1 * 1) / (0.1 * 2) at every point");
        assertEquals(6, stop.points().rowCount(), "2 traces x 3 bandwidths");
    }

    @Test
    void htmlAndMarkdownShowTheRatiosAndChartsWithoutExternalReferences() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        ReportFiles.Written w = ReportFiles.write(ReportBuilder.build(sweep, null), dir.resolve("report.html"));
        String html = Files.readString(w.html(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Trace vm-a.parquet</h2>"));
        assertTrue(html.contains("<h2>Techniques in isolation</h2>"));
        assertTrue(html.contains("<td class=\"better\">1.03 s<br><span class=\"ratio\">0.60×</span></td>"),
                "zero-fill downtime and its ratio at 1Gbit/s on vm-a");
        assertTrue(html.contains("<td class=\"worse\">8.59 s<br><span class=\"ratio\">5.00×</span></td>"),
                "stop-and-copy downtime ratio: (1 * 1) / (0.1 * 2)");
        assertTrue(html.contains("<td class=\"better\">0.60×</td>"), "zero-fill geometric-mean downtime ratio");
        assertTrue(html.contains("IO p99 latency"), "IO metrics shown when an IO trace is present");
        assertTrue(html.contains("data:image/png;base64,"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(?!data:)", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "every src/href is a data URI");
        assertFalse(html.contains("http://") || html.contains("https://"), "no URL at all in the page");
        String md = Files.readString(w.markdown(), StandardCharsets.UTF_8);
        assertTrue(md.contains("| qemu-precopy+zero-fill | link.bandwidth=1Gbit/s | — | **1.03 s (0.60×)** |"), md);
        assertTrue(md.contains("](report-charts/downtime-1.png)"));
        try (var charts = Files.list(w.chartDir())) {
            assertEquals(2 + 2 + 3, charts.count(), "downtime and bytes-per-pass per trace, faults, contiguity, IO");
        }
        byte[] first = Files.readAllBytes(w.html());
        ReportFiles.write(ReportBuilder.build(sweep, null), dir.resolve("again.html"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("again.html")), "same results, same report");
    }

    @Test
    void outcomeColumnSaysHowEachMigrationEnded() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        ReportFiles.Written w = ReportFiles.write(ReportBuilder.build(sweep, null), dir.resolve("report.html"));
        String md = Files.readString(w.markdown(), StandardCharsets.UTF_8);
        // FakeBackend: pre-copy presets converge, stop-and-copy completes with no convergence decision
        assertTrue(Pattern.compile("(?m)^\\| stop-and-copy \\|.*\\| completed \\|$").matcher(md).find(), md);
        assertTrue(Pattern.compile("(?m)^\\| qemu-precopy \\|.*\\| converged \\|$").matcher(md).find(), md);
        assertFalse(Pattern.compile("(?m)^\\| stop-and-copy \\|.*\\| converged \\|$").matcher(md).find(), md);
    }

    @Test
    void unknownExplicitBaselineIsAnError() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportBuilder.build(sweep, "xen"));
        assertTrue(e.getMessage().contains("'xen' is not in the results"), e.getMessage());
    }

    @Test
    void otherBaselineChangesTheRatios() throws Exception {
        Path sweep = ReportFixture.sweep(dir);
        Comparison c = new Comparison(ResultsReader.readResults(sweep), "stop-and-copy");
        assertEquals(0.02 * 1.25, ratioOf(c.withRatios(), "seeds-all", "link.bandwidth=1Gbit/s", "downtime_ns"), 1e-6);
    }

    @Test
    void runsWhoseRecordingEndedEarlyAreNamedInAWarning() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("results",
                tech.tablesaw.api.StringColumn.create("trace", "a.parquet", "a.parquet", "b.parquet", "c.parquet"),
                tech.tablesaw.api.BooleanColumn.create("trace_covers_window", new boolean[] {true, false, false, false}));
        String w = ReportBuilder.recordingsShorterThanTheirRuns(t);
        assertTrue(w.startsWith("Warning: in 3 of 4 runs the recording ended before the post-resume window did "
                + "(traces: a.parquet, b.parquet, c.parquet)"), w);
        tech.tablesaw.api.Table covered = t.where(t.booleanColumn("trace_covers_window").isTrue());
        assertEquals("", ReportBuilder.recordingsShorterThanTheirRuns(covered));
        assertEquals("", ReportBuilder.recordingsShorterThanTheirRuns(t.selectColumns("trace")), "results without the column");
    }
}
