package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report page and replay's table say where a value is undefined or a chart would be empty. */
class ReportPageTest {
    @TempDir
    Path dir;

    @Test
    void zeroAgainstZeroIsADashAndAnAllZeroContiguityChartIsLeftOutWithTheReason() throws Exception {
        // ClosedFormBackend: contiguity loss and post-resume faults are 0 in every run.
        AnalysisCommandsTest.fake(dir.resolve("a.parquet"), 1_250_000_000L);
        Path grid = Files.writeString(dir.resolve("grid.yaml"), "traces: [a.parquet]\n");
        CliRun sweep = CliRun.run(AnalysisCommandsTest.cli(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new)),
                "sweep", "--grid", grid.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, sweep.exitCode(), sweep::toString);
        CliRun report = CliRun.run("report", dir.resolve("out").toString());
        assertEquals(0, report.exitCode(), report::toString);
        String md = Files.readString(dir.resolve("out/report.md"));
        String fastRow = md.lines().filter(l -> l.startsWith("| +fast | preset defaults |")).findFirst().orElseThrow(
                () -> new AssertionError(md));
        // columns: preset, settings, then metrics; contiguity loss and faults are 0 (—) against a baseline of 0
        assertTrue(fastRow.contains("| 0.0% (—) |"), fastRow);
        assertFalse(fastRow.contains("0.0% (1.00×)"), fastRow);
        assertTrue(md.contains("No contiguity-loss chart: no run lost a large page"), md);
        assertFalse(Files.exists(dir.resolve("out/report-charts/contiguity.png")), "no empty chart");
        assertFalse(Pattern.compile("contiguity\\.png").matcher(md).find(), md);
    }

    @Test
    void replayPrintsTheOutcomeAsTheReportDoes() throws Exception {
        Path trace = AnalysisCommandsTest.realTrace(dir.resolve("vm.parquet"));
        CliRun run = CliRun.run("replay", trace.toString(), "--preset", "stop-and-copy", "--preset", "qemu-precopy");
        assertEquals(0, run.exitCode(), run::toString);
        String stop = run.out().lines().filter(l -> l.startsWith("stop-and-copy ")).findFirst().orElseThrow();
        String pre = run.out().lines().filter(l -> l.startsWith("qemu-precopy ")).findFirst().orElseThrow();
        assertTrue(stop.endsWith(" completed"), run::toString);
        assertTrue(pre.endsWith(" converged") || pre.endsWith(" timed-out"), run::toString);
        assertFalse(run.out().contains(" no\n"), run::toString);
    }
}
