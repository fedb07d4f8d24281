package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.report.Chart;
import dev.vmreplay.analysis.report.ChartRenderer;
import dev.vmreplay.analysis.report.ReportDocument;
import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.Cell;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;
import dev.vmreplay.analysis.report.ReportDocument.Paragraph;
import dev.vmreplay.analysis.report.ReportDocument.Section;
import dev.vmreplay.analysis.report.ReportDocument.TableBlock;
import dev.vmreplay.analysis.report.ReportDocument.Tone;
import dev.vmreplay.units.Human;
import org.jfree.chart.JFreeChart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plan as a terminal table and as a report document (tables and charts). */
public final class PlanReport {
    private PlanReport() {
    }

    static final List<String> HEADERS = List.of("technique", "VMs under SLA", "worst downtime", "worst VM",
            "fleet time", "fit in window", "smallest link");

    /** The summary rows: one per technique. */
    public static List<List<String>> summaryRows(PlanResult plan) {
        List<List<String>> rows = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            FleetEvaluation e = t.atLink();
            FleetEvaluation.VmOutcome worst = e.worst();
            rows.add(List.of(t.preset(), e.vmsUnderSla() + "/" + e.vmCount(),
                    worst.failed() ? "failed: " + worst.outcome() : Human.nanosBrief(worst.downtimeNanos()), worst.trace(),
                    Human.nanosBrief(e.schedule().makespanNanos()),
                    e.fitInWindow() + "/" + e.vmCount(), minLinkText(t)));
        }
        return rows;
    }

    static String minLinkText(PlanResult.TechniquePlan t) {
        if (Double.isNaN(t.minLinkBitsPerSec())) {
            return "none up to " + Human.bitsPerSecond(t.searchCeilingBitsPerSec());
        }
        return (t.atFloor() ? "≤ " : "") + Human.bitsPerSecond(t.minLinkBitsPerSec());
    }

    /** The summary as an aligned text table, with the request as a header line. */
    public static String text(PlanResult plan) {
        PlanRequest r = plan.request();
        StringBuilder sb = new StringBuilder();
        sb.append(describe(r)).append('\n');
        appendTable(sb, HEADERS, summaryRows(plan));
        if (r.evacuation() != null) {
            sb.append("Time to evacuate each host:\n");
            appendTable(sb, hostHeaders(plan), hostRows(plan));
            for (String line : failureLines(plan, TEXT_FAILURES)) {
                sb.append(line).append('\n');
            }
        }
        List<String> ok = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            if (t.atLink().feasible()) {
                ok.add(t.preset());
            }
        }
        sb.append(ok.isEmpty() ? "No technique migrates the whole fleet within the window under the SLA on this link.\n"
                : "Whole fleet within the window under the SLA: " + String.join(", ", ok) + "\n");
        String warning = shortRecordingWarning(plan);
        if (!warning.isEmpty()) {
            sb.append(warning).append('\n');
        }
        return sb.toString();
    }

    private static void appendTable(StringBuilder sb, List<String> headers, List<List<String>> body) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(headers);
        rows.addAll(body);
        int[] widths = new int[headers.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            List<String> row = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w;
                }
                sb.append("-".repeat(total + 2 * (widths.length - 1))).append('\n');
            }
        }
    }

    static List<String> hostHeaders(PlanResult plan) {
        List<String> headers = new ArrayList<>(List.of("host", "VMs"));
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            headers.add(t.preset());
        }
        return headers;
    }

    /**
     * Per source host: its VMs and, per technique, when its last migration ends; a host with a
     * migration that did not complete is not evacuated, and says how many stayed.
     */
    static List<List<String>> hostRows(PlanResult plan) {
        Evacuation evacuation = plan.request().evacuation();
        List<List<String>> rows = new ArrayList<>();
        for (String host : evacuation.hosts()) {
            long vms = 0;
            for (Evacuation.Placement p : evacuation.placements()) {
                if (p.sourceHost().equals(host)) {
                    vms += p.count();
                }
            }
            List<String> row = new ArrayList<>(List.of(host, Long.toString(vms)));
            for (PlanResult.TechniquePlan t : plan.techniques()) {
                EvacuationSchedule s = (EvacuationSchedule) t.atLink().schedule();
                long failed = 0;
                for (int i = 0; i < evacuation.placements().size(); i++) {
                    if (evacuation.placements().get(i).sourceHost().equals(host) && t.atLink().vms().get(i).failed()) {
                        failed += evacuation.placements().get(i).count();
                    }
                }
                String time = Human.nanosBrief(s.hostEvacuationNanos().get(host));
                row.add(failed == 0 ? time : time + " (" + failed + " failed, not evacuated)");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Failed rows the terminal names per technique; the page names them all. */
    static final int TEXT_FAILURES = 10;

    /**
     * One line per technique with a migration that did not complete: each failed row (the first
     * {@code limit}, then how many more), its host, count and outcome.
     */
    static List<String> failureLines(PlanResult plan, int limit) {
        Evacuation evacuation = plan.request().evacuation();
        List<String> lines = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            List<String> failed = new ArrayList<>();
            int moreRows = 0;
            long moreVms = 0;
            for (int i = 0; i < t.atLink().vms().size(); i++) {
                FleetEvaluation.VmOutcome vm = t.atLink().vms().get(i);
                if (vm.failed()) {
                    Evacuation.Placement p = evacuation.placements().get(i);
                    if (failed.size() >= limit) {
                        moreRows++;
                        moreVms += p.count();
                        continue;
                    }
                    failed.add(vm.trace() + " on " + p.sourceHost() + (p.count() > 1 ? " (x" + p.count() + ")" : "")
                            + ": " + vm.outcome());
                }
            }
            if (moreRows > 0) {
                failed.add("and " + moreRows + " more row(s), " + moreVms + " VM(s) (all in plan.html)");
            }
            if (!failed.isEmpty()) {
                lines.add("Failed migrations, " + t.preset() + ": " + String.join(", ", failed) + ".");
            }
        }
        return lines;
    }

    /**
     * Names the VMs whose recording ran out before their run ended at the planned link (the guest
     * then sat idle, which flatters every technique); empty when none did.
     */
    static String shortRecordingWarning(PlanResult plan) {
        List<String> traces = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            for (FleetEvaluation.VmOutcome vm : t.atLink().vms()) {
                if (!vm.recordingCovered() && !traces.contains(vm.trace())) {
                    traces.add(vm.trace());
                }
            }
        }
        if (traces.isEmpty()) {
            return "";
        }
        return "Warning: the recording of " + String.join(", ", traces) + " ended before its migration and post-resume "
                + "window did, so the guest sat idle for part of the replay and the figures are optimistic; "
                + "add --set trace.end=loop to replay such recordings copy after copy.";
    }

    static String describe(PlanRequest r) {
        Evacuation ev = r.evacuation();
        if (ev != null) {
            return r.vmCount() + " VM(s) (" + r.fleet().size() + " fleet row(s)) on " + ev.hosts().size()
                    + " source host(s), each host's link " + Human.bitsPerSecond(r.linkBitsPerSec()) + " split into "
                    + r.linkSlots() + " slot(s) (" + Human.bitsPerSecond(r.linkBitsPerSec() / r.linkSlots())
                    + " each), at most " + ev.perHost() + " migration(s) at once per host and " + r.concurrent()
                    + " in the cluster, window " + Human.nanosBrief(r.windowNanos()) + ", downtime SLA "
                    + Human.nanosBrief(r.slaNanos()) + ".";
        }
        return r.fleet().size() + " VM(s), link " + Human.bitsPerSecond(r.linkBitsPerSec()) + " shared by "
                + r.concurrent() + " concurrent migration(s) (" + Human.bitsPerSecond(r.linkBitsPerSec() / r.concurrent())
                + " each), window " + Human.nanosBrief(r.windowNanos()) + ", downtime SLA "
                + Human.nanosBrief(r.slaNanos()) + ".";
    }

    public static ReportDocument document(PlanResult plan) {
        PlanRequest r = plan.request();
        List<Section> sections = new ArrayList<>();
        List<Block> question = new ArrayList<>(List.of(new Paragraph(describe(r)),
                new Paragraph((r.evacuation() == null ? "Migrations run in waves of " + r.concurrent()
                        + ", longest first; a wave starts when the previous one has finished, so the fleet time is the "
                        + "sum of the wave maxima."
                        : "Hosts are drained longest migration first: whenever a migration ends, the longest waiting "
                        + "one whose host has a free slot starts; the fleet time is when the last one ends. A row "
                        + "standing for N similar VMs is replayed once and migrated N times.")
                        + " The smallest link is "
                        + "searched by doubling/halving then geometric bisection to within "
                        + String.format(Locale.ROOT, "%.1f%%", 100 * r.tolerance())
                        + ", assuming more bandwidth never hurts.")));
        String warning = shortRecordingWarning(plan);
        if (!warning.isEmpty()) {
            question.add(new Paragraph(warning));
        }
        sections.add(new Section(2, "Question", question));
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < plan.techniques().size(); i++) {
            PlanResult.TechniquePlan t = plan.techniques().get(i);
            List<String> texts = summaryRows(plan).get(i);
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < texts.size(); c++) {
                Tone tone = c == 1 ? (t.atLink().slaMet() ? Tone.BETTER : Tone.WORSE)
                        : c == 5 ? (t.atLink().feasible() ? Tone.BETTER : Tone.WORSE) : Tone.PLAIN;
                cells.add(new Cell(texts.get(c), null, tone));
            }
            rows.add(cells);
        }
        sections.add(new Section(2, "Techniques", List.of(new TableBlock(HEADERS, rows))));

        if (r.evacuation() != null) {
            List<List<Cell>> hostCells = new ArrayList<>();
            for (List<String> row : hostRows(plan)) {
                hostCells.add(row.stream().map(Cell::plain).toList());
            }
            List<Block> hostBlocks = new ArrayList<>(List.of(new TableBlock(hostHeaders(plan), hostCells)));
            for (String line : failureLines(plan, Integer.MAX_VALUE)) {
                hostBlocks.add(new Paragraph(line));
            }
            sections.add(new Section(2, "Time to evacuate each host", hostBlocks));
        }

        List<String> vmHeaders = new ArrayList<>(List.of("VM"));
        if (r.evacuation() != null) {
            vmHeaders.add("host");
            vmHeaders.add("count");
        }
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            vmHeaders.add(t.preset() + " downtime");
            vmHeaders.add(t.preset() + " time");
        }
        List<List<Cell>> vmRows = new ArrayList<>();
        for (int v = 0; v < r.fleet().size(); v++) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.plain(r.vmName(v)));
            if (r.evacuation() != null) {
                Evacuation.Placement p = r.evacuation().placements().get(v);
                cells.add(Cell.plain(p.sourceHost()));
                cells.add(Cell.number(Integer.toString(p.count())));
            }
            for (PlanResult.TechniquePlan t : plan.techniques()) {
                FleetEvaluation.VmOutcome o = t.atLink().vms().get(v);
                cells.add(new Cell(o.failed() ? "failed: " + o.outcome() : Human.nanosBrief(o.downtimeNanos()), null,
                        o.underSla(r.slaNanos()) ? Tone.BETTER : Tone.WORSE));
                cells.add(Cell.number(Human.nanosBrief(o.totalNanos())));
            }
            vmRows.add(cells);
        }
        sections.add(new Section(2, "Per VM at " + Human.bitsPerSecond(r.linkBitsPerSec()),
                List.of(new TableBlock(vmHeaders, vmRows))));

        List<Block> charts = new ArrayList<>();
        charts.add(new ChartBlock(new Chart("plan-worst-downtime", WORST_TITLE, worstDowntimeCaption(plan),
                ChartRenderer.png(worstDowntimeChart(plan)))));
        charts.add(new ChartBlock(new Chart("plan-min-link", MIN_LINK_TITLE, minLinkCaption(plan),
                ChartRenderer.png(minLinkChart(plan)))));
        sections.add(new Section(2, "Charts", charts));
        return new ReportDocument("vmreplay capacity plan", sections);
    }

    static final String WORST_TITLE = "Worst downtime per technique";
    static final String MIN_LINK_TITLE = "Smallest link per technique";

    /** Bars of each technique's worst downtime in ms (none for a technique with a failed migration), the SLA as a line. */
    static JFreeChart worstDowntimeChart(PlanResult plan) {
        Map<String, Double> worst = new LinkedHashMap<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            FleetEvaluation.VmOutcome w = t.atLink().worst();
            worst.put(t.preset(), w.failed() ? Double.NaN : w.downtimeNanos() / 1e6);
        }
        return ChartRenderer.markerBarChart(WORST_TITLE, "worst downtime (ms)", worst, plan.request().slaNanos() / 1e6,
                "SLA " + Human.nanosBrief(plan.request().slaNanos()));
    }

    /** Bars of each technique's smallest link in Gbit/s (none where none was found), the link asked about as a line. */
    static JFreeChart minLinkChart(PlanResult plan) {
        Map<String, Double> minLink = new LinkedHashMap<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            minLink.put(t.preset(), t.minLinkBitsPerSec() / 1e9);
        }
        double link = plan.request().linkBitsPerSec();
        return ChartRenderer.markerBarChart(MIN_LINK_TITLE, "link (Gbit/s)", minLink, link / 1e9,
                "link " + Human.bitsPerSecond(link));
    }

    /** What the worst-downtime chart shows; a technique without a bar is named, with why, only when there is one. */
    static String worstDowntimeCaption(PlanResult plan) {
        StringBuilder sb = new StringBuilder("The longest downtime over the fleet for each technique at "
                + Human.bitsPerSecond(plan.request().linkBitsPerSec()) + ", its value on the bar; the line is the SLA.");
        List<String> failed = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            FleetEvaluation.VmOutcome w = t.atLink().worst();
            if (w.failed()) {
                failed.add(t.preset() + " (" + w.trace() + ": failed: " + w.outcome() + ")");
            }
        }
        if (!failed.isEmpty()) {
            sb.append(" No bar for ").append(String.join(", ", failed)).append(": a migration that did not complete has "
                    + "no downtime; the VM stays on its source (shown as failed: OUTCOME in the tables).");
        }
        return sb.toString();
    }

    /** What the smallest-link chart shows; a technique without a bar is named only when there is one. */
    static String minLinkCaption(PlanResult plan) {
        StringBuilder sb = new StringBuilder("The smallest link on which each technique migrates the whole fleet within "
                + "the window under the SLA, its value on the bar; the line is the link asked about.");
        List<String> none = new ArrayList<>();
        for (PlanResult.TechniquePlan t : plan.techniques()) {
            if (Double.isNaN(t.minLinkBitsPerSec())) {
                none.add(t.preset() + " (" + minLinkText(t) + ")");
            }
        }
        if (!none.isEmpty()) {
            sb.append(" No bar for ").append(String.join(", ", none)).append(": no link the search tried fits.");
        }
        return sb.toString();
    }
}
