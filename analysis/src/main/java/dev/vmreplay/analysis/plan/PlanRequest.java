package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.results.RunSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to plan.
 *
 * @param fleet one run template per VM (trace, IO trace, memory); preset and overrides are set by the planner
 * @param presets techniques to compare
 * @param linkBitsPerSec the migration network, > 0
 * @param windowNanos the maintenance window, > 0
 * @param slaNanos the downtime every VM must stay under, >= 0
 * @param concurrent migrations sharing the link at once, >= 1
 * @param settings configuration applied to every run (besides {@code link.bandwidth}, which the planner sets)
 * @param tolerance relative precision of the smallest-link search, in (0, 1)
 * @param evacuation null: the fleet migrates in waves of {@code concurrent} sharing the one link;
 *     otherwise each row's source host and count, {@code linkBitsPerSec} is each host's link and
 *     {@code concurrent} the cluster-wide limit
 */
public record PlanRequest(List<RunSpec> fleet, List<String> presets, double linkBitsPerSec, long windowNanos,
                          long slaNanos, int concurrent, Map<String, String> settings, double tolerance,
                          Evacuation evacuation) {
    public static final double DEFAULT_TOLERANCE = 0.01;

    /** A fleet migrating in waves (no hosts). */
    public PlanRequest(List<RunSpec> fleet, List<String> presets, double linkBitsPerSec, long windowNanos,
                       long slaNanos, int concurrent, Map<String, String> settings, double tolerance) {
        this(fleet, presets, linkBitsPerSec, windowNanos, slaNanos, concurrent, settings, tolerance, null);
    }

    public PlanRequest {
        fleet = List.copyOf(fleet);
        presets = List.copyOf(presets);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (fleet.isEmpty()) {
            throw new IllegalArgumentException((evacuation == null ? "--traces" : "--fleet") + ": the fleet is empty");
        }
        if (evacuation != null && evacuation.placements().size() != fleet.size()) {
            throw new IllegalArgumentException("one placement per fleet row: " + fleet.size() + " rows, "
                    + evacuation.placements().size() + " placements");
        }
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("--presets: name at least one preset");
        }
        if (!(linkBitsPerSec > 0) || Double.isInfinite(linkBitsPerSec)) {
            throw new IllegalArgumentException("--link must be > 0, was " + linkBitsPerSec + " bit/s");
        }
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("--window must be > 0, was " + windowNanos + " ns");
        }
        if (slaNanos < 0) {
            throw new IllegalArgumentException("--downtime-sla must be >= 0, was " + slaNanos + " ns");
        }
        if (concurrent < 1) {
            throw new IllegalArgumentException("--concurrent must be >= 1, was " + concurrent);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), was " + tolerance);
        }
        if (settings.containsKey(CapacityPlanner.BANDWIDTH_KEY)) {
            throw new IllegalArgumentException("--set " + CapacityPlanner.BANDWIDTH_KEY
                    + ": the planner sets the bandwidth itself (use --link)");
        }
    }

    /**
     * Migrations the link is split among: each replay runs at {@code link / linkSlots()}. Waves:
     * {@code concurrent}; evacuation: {@code perHost} (each host has its own link), or
     * {@code concurrent} when that is smaller (a host never has more outbound migrations than the cluster).
     */
    public int linkSlots() {
        return evacuation == null ? concurrent : Math.min(evacuation.perHost(), concurrent);
    }

    /** VMs the fleet stands for (rows weighted by their count). */
    public long vmCount() {
        return evacuation == null ? fleet.size() : evacuation.vmCount();
    }

    /** The name of fleet row {@code row}: the fleet file's {@code vm}, or the trace label. */
    public String vmName(int row) {
        return evacuation == null ? fleet.get(row).traceName() : evacuation.placements().get(row).vm();
    }
}
