package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.ResultsReader;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A series identical to another is said to be "same as" it in the legend instead of hiding
 * under it, and legend entries show only the settings that differ between the plotted runs.
 */
class ChartLegendTest {
    @TempDir
    Path dir;

    /** A FakeBackend sweep over three bandwidths with {@code extraAxis}, plus "qemu-precopy-copy": qemu-precopy's rows again. */
    private Comparison sweepWithACopiedPreset(String extraAxis, Table[] passesOut) throws Exception {
        FakeBackend.writeTrace(dir.resolve("vm-a.parquet"), 1L << 30);
        FakeBackend backend = new FakeBackend();
        Path out = dir.resolve("sweep");
        String grid = """
                traces:
                  - vm-a.parquet
                presets: [qemu-precopy, seeds-all, stop-and-copy]
                axes:
                  link.bandwidth: [1Gbit/s, 10Gbit/s, 25Gbit/s]
                """ + extraAxis;
        new SweepRunner(backend, 1, SweepListener.NONE).run(new GridParser(backend).parse(dir.resolve("grid.yaml"), grid).runs(), out);
        Table results = withCopy(ResultsReader.readResults(out));
        passesOut[0] = withCopy(ResultsReader.readPasses(out));
        return new Comparison(results, "qemu-precopy");
    }

    private static Table withCopy(Table t) {
        Table copy = t.where(t.stringColumn("preset").isEqualTo("qemu-precopy")).copy();
        for (int i = 0; i < copy.rowCount(); i++) {
            copy.stringColumn("preset").set(i, "qemu-precopy-copy");
        }
        return t.copy().append(copy);
    }

    private static List<String> legend(ChartRenderer.Drawn d) {
        LegendItemCollection items = d.chart().getPlot().getLegendItems();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            labels.add(items.get(i).getLabel());
        }
        return labels;
    }

    private static ChartRenderer.Drawn chart(List<ChartRenderer.Drawn> charts, String id) {
        return charts.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void anIdenticalSeriesIsSaidToBeTheSameAndSharedSettingsAreLeftOutOfTheLegend() throws Exception {
        Table[] passes = new Table[1];
        Comparison c = sweepWithACopiedPreset("  trace.end: [loop]\n", passes);
        List<ChartRenderer.Drawn> charts = ChartRenderer.draw(c, passes[0]);

        ChartRenderer.Drawn downtime = chart(charts, "downtime-1");
        assertEquals(List.of("qemu-precopy", "seeds-all", "stop-and-copy", "qemu-precopy-copy (same as qemu-precopy)"),
                legend(downtime), "only the preset: trace.end=loop is shared by every run");
        assertTrue(downtime.caption().contains("Every run here has trace.end=loop."), downtime.caption());
        XYPlot plot = (XYPlot) downtime.chart().getPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        assertEquals(4, plot.getDataset().getSeriesCount());
        assertFalse(r.getSeriesLinesVisible(3) || r.getSeriesShapesVisible(3), "the copy is not drawn over qemu-precopy");
        assertTrue(r.getItemLineVisible(0, 0) && r.getItemShapeVisible(0, 0), "qemu-precopy is drawn");

        ChartRenderer.Drawn bytes = chart(charts, "bytes-per-pass-1");
        assertEquals(List.of("qemu-precopy", "seeds-all", "stop-and-copy", "qemu-precopy-copy (same as qemu-precopy)"),
                legend(bytes));
        assertEquals(List.of("vm-a.parquet"), legend(chart(charts, "faults")));
    }

    @Test
    void legendEntriesNameOnlyTheSettingsThatDiffer() throws Exception {
        Table[] passes = new Table[1];
        Comparison c = sweepWithACopiedPreset("  trace.end: [loop]\n  precopy.downtime-target: [300ms, 1s]\n", passes);
        ChartRenderer.Drawn downtime = chart(ChartRenderer.draw(c, passes[0]), "downtime-1");
        List<String> labels = legend(downtime);
        assertTrue(labels.contains("qemu-precopy precopy.downtime-target=300ms"), labels.toString());
        // FakeBackend ignores the downtime target: qemu-precopy at 1s is the same line as at 300ms.
        assertTrue(labels.contains("qemu-precopy precopy.downtime-target=1s (same as qemu-precopy precopy.downtime-target=300ms)"),
                labels.toString());
        assertTrue(labels.stream().noneMatch(l -> l.contains("trace.end") || l.contains("link.bandwidth")), labels.toString());
    }

    @Test
    void differingKeysAndLabels() {
        List<String> o = List.of("a=1;b=2", "a=1;b=3", "a=1");
        assertEquals(java.util.Set.of("b"), ChartRenderer.differingKeys(o));
        assertEquals("p b=2", ChartRenderer.label("p", "a=1;b=2", ChartRenderer.differingKeys(o)));
        assertEquals("p", ChartRenderer.label("p", "a=1", ChartRenderer.differingKeys(o)));
        assertEquals(" Every run here has a=1.", ChartRenderer.sharedSettings(o, ChartRenderer.differingKeys(o)));
        assertEquals("", ChartRenderer.sharedSettings(List.of("", ""), ChartRenderer.differingKeys(List.of("", ""))));
    }
}
