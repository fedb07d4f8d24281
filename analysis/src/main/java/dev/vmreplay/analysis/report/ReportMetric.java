package dev.vmreplay.analysis.report;

import dev.vmreplay.units.Human;

import java.util.List;
import java.util.Locale;

/**
 * A metric as reports show it: results column, heading, how a value prints, and whether it is
 * an IO metric (shown only when the results have IO traces). Every report metric is
 * lower-is-better, so a ratio under 1 is an improvement over the baseline.
 *
 * @param column results column (DESIGN.md section 1 name)
 * @param heading table heading
 * @param kind how values print
 * @param io true for the SR-IOV metrics
 */
public record ReportMetric(String column, String heading, Kind kind, boolean io) {

    /**
     * Whether this is a figure of the guest's move (downtime, post-resume faults, contiguity, IO downtime),
     * which a migration that did not complete does not have; bytes, time and passes spent still count.
     */
    public boolean migrationFigure() {
        return switch (column) {
            case "downtime_ns", "post_resume_faults", "contiguity_loss", "io_downtime_ns" -> true;
            default -> false;
        };
    }
    /** How a metric's values print. */
    public enum Kind { NANOS, BYTES, COUNT, SHARE }

    /** The metrics of the comparison tables, in column order. */
    public static final List<ReportMetric> COMPARED = List.of(
            new ReportMetric("downtime_ns", "downtime", Kind.NANOS, false),
            new ReportMetric("total_ns", "total time", Kind.NANOS, false),
            new ReportMetric("bytes_sent", "bytes sent", Kind.BYTES, false),
            new ReportMetric("iterations", "passes", Kind.COUNT, false),
            new ReportMetric("guest_stall_vcpu_ns", "guest stall", Kind.NANOS, false),
            new ReportMetric("post_resume_faults", "post-resume faults", Kind.COUNT, false),
            new ReportMetric("contiguity_loss", "contiguity loss", Kind.SHARE, false),
            new ReportMetric("io_downtime_ns", "IO downtime", Kind.NANOS, true),
            new ReportMetric("io_p99_ns", "IO p99 latency", Kind.NANOS, true),
            new ReportMetric("io_delayed", "IO requests delayed", Kind.COUNT, true));

    public String format(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        return switch (kind) {
            case NANOS -> Human.nanosBrief(Math.round(value));
            case BYTES -> Human.bytesBrief(Math.round(value));
            case COUNT -> Long.toString(Math.round(value));
            case SHARE -> String.format(Locale.ROOT, "%.1f%%", 100 * value);
        };
    }

    /** A ratio to the baseline: {@code 0.42×}; "—" when undefined (baseline 0 and value not). */
    public static String formatRatio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /**
     * value / baseline; NaN (shown "—") when the baseline is 0 or missing, both 0 included: the page
     * says "—" means baseline 0, and a 1.00× for "neither has any" reads as a measured tie (a
     * contiguity loss of 0 on guests without large pages). Geometric means skip these points.
     */
    public static double ratio(double value, double baseline) {
        if (Double.isNaN(baseline) || Double.isNaN(value) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }
}
