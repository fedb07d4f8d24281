package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.RunSpec;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan page's downtime chart keeps post-copy's tiny bars visible (log scale, values on
 * the bars) and says what a missing bar means only when there is one.
 */
class PlanChartsTest {
    @TempDir
    Path dir;

    private static final long SLA = 500_000_000L;

    /** Two VMs at 10 Gbit/s; per preset, {downtime of vm0, of vm1, min link}; a negative downtime is a timed-out migration. */
    private PlanResult plan(Map<String, double[]> techniques) {
        RunSpec vm0 = new RunSpec(FakeBackend.writeTrace(dir.resolve("vm0.parquet"), 1L << 30), null, "vm0", null,
                "qemu-precopy", Map.of(), 0);
        RunSpec vm1 = new RunSpec(FakeBackend.writeTrace(dir.resolve("vm1.parquet"), 1L << 30), null, "vm1", null,
                "qemu-precopy", Map.of(), 0);
        PlanRequest request = new PlanRequest(List.of(vm0, vm1), List.copyOf(techniques.keySet()), 10e9, 60_000_000_000L,
                SLA, 1, Map.of(), PlanRequest.DEFAULT_TOLERANCE);
        List<PlanResult.TechniquePlan> plans = new java.util.ArrayList<>();
        for (Map.Entry<String, double[]> e : techniques.entrySet()) {
            double[] v = e.getValue();
            List<FleetEvaluation.VmOutcome> vms = List.of(outcome("vm0", v[0]), outcome("vm1", v[1]));
            FleetEvaluation at = new FleetEvaluation(e.getKey(), 10e9, vms,
                    WaveSchedule.of(new long[] {1_000_000_000L, 1_000_000_000L}, 1), SLA, 60_000_000_000L);
            plans.add(new PlanResult.TechniquePlan(e.getKey(), at, v[2], 4e12, false));
        }
        return new PlanResult(request, plans);
    }

    private static FleetEvaluation.VmOutcome outcome(String trace, double downtimeNanos) {
        return downtimeNanos < 0 ? new FleetEvaluation.VmOutcome(trace, 0, 1_000_000_000L, "timed-out", true)
                : new FleetEvaluation.VmOutcome(trace, (long) downtimeNanos, 1_000_000_000L, "converged", true);
    }

    private static Map<String, double[]> ordered(Object... presetAndValues) {
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < presetAndValues.length; i += 2) {
            m.put((String) presetAndValues[i], (double[]) presetAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void tinyPostcopyDowntimeIsOnALogScaleWithItsValueOnTheBar() {
        PlanResult plan = plan(ordered("qemu-precopy", new double[] {300e6, 450e6, 8e9},
                "qemu-postcopy", new double[] {40e3, 52e3, 2e9}));
        JFreeChart chart = PlanReport.worstDowntimeChart(plan);
        CategoryPlot p = (CategoryPlot) chart.getPlot();
        assertInstanceOf(LogAxis.class, p.getRangeAxis(), "0.052 ms next to 450 ms: log scale");
        assertTrue(p.getRangeAxis().getLowerBound() < 0.052, "the post-copy bar is above the axis floor");
        assertTrue(p.getRenderer().getDefaultItemLabelsVisible(), "values labelled on the bars");
        assertEquals("0.052", p.getRenderer().getDefaultItemLabelGenerator().generateLabel(p.getDataset(), 0, 1));
        assertEquals("450", p.getRenderer().getDefaultItemLabelGenerator().generateLabel(p.getDataset(), 0, 0));

        String caption = PlanReport.worstDowntimeCaption(plan);
        assertFalse(caption.contains("missing") || caption.contains("No bar"), "every technique has its bar: " + caption);
        String link = PlanReport.minLinkCaption(plan);
        assertFalse(link.contains("missing") || link.contains("none") || link.contains("No bar"), link);
    }

    @Test
    void aMissingBarIsExplainedOnlyWhenThereIsOne() {
        PlanResult plan = plan(ordered("qemu-precopy", new double[] {300e6, -1, Double.NaN},
                "qemu-postcopy", new double[] {40e3, 52e3, 2e9}));
        String caption = PlanReport.worstDowntimeCaption(plan);
        assertTrue(caption.contains("No bar for qemu-precopy (vm1: failed: timed-out)"), caption);
        assertFalse(caption.contains("qemu-postcopy"), caption);
        String link = PlanReport.minLinkCaption(plan);
        assertTrue(link.contains("No bar for qemu-precopy (none up to 4 Tbit/s)"), link);

        CategoryPlot p = (CategoryPlot) PlanReport.worstDowntimeChart(plan).getPlot();
        assertEquals(List.of("qemu-postcopy"), p.getDataset().getColumnKeys(), "no bar for the failed technique");

        String html = dev.vmreplay.analysis.report.HtmlReportWriter.render(PlanReport.document(plan));
        assertTrue(html.contains("No bar for qemu-precopy"), "the caption is on the page");
        assertFalse(html.contains("missing bar: none found"));
    }

    @Test
    void comparableBarsStayOnALinearScale() {
        PlanResult plan = plan(ordered("qemu-precopy", new double[] {300e6, 450e6, 8e9},
                "seeds-all", new double[] {100e6, 120e6, 5e9}));
        CategoryPlot p = (CategoryPlot) PlanReport.worstDowntimeChart(plan).getPlot();
        assertFalse(p.getRangeAxis() instanceof LogAxis, "120 to 500 ms: linear");
    }
}
