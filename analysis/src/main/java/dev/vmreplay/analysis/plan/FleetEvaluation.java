package dev.vmreplay.analysis.plan;

import dev.vmreplay.engine.Outcome;
import java.util.List;

/**
 * One technique on the whole fleet at one link bandwidth.
 *
 * @param preset the technique
 * @param linkBitsPerSec the whole link (per source host when evacuating); each migration gets
 *     {@code link / request.linkSlots()}
 * @param vms per fleet row, in fleet order
 * @param schedule the waves or the evacuation
 * @param slaNanos the downtime SLA
 * @param windowNanos the maintenance window
 */
public record FleetEvaluation(String preset, double linkBitsPerSec, List<VmOutcome> vms, PlanSchedule schedule,
                              long slaNanos, long windowNanos) {
    /**
     * One VM's replay at the evaluated link. A migration that did not complete (aborted, timed out) is a
     * failed migration with its outcome as the reason, never a downtime figure, and misses the SLA.
     *
     * @param trace the VM's name: its trace label, or the fleet file's {@code vm}
     * @param outcome the engine's {@code outcome} label
     * @param recordingCovered the guest's recording lasted through the run (engine's
     *     {@code trace_covers_window}); false means the guest was idle for part of it
     * @param count how many similar VMs this replay stands for, >= 1
     */
    public record VmOutcome(String trace, long downtimeNanos, long totalNanos, String outcome, boolean recordingCovered,
                            int count) {
        public VmOutcome(String trace, long downtimeNanos, long totalNanos, String outcome, boolean recordingCovered) {
            this(trace, downtimeNanos, totalNanos, outcome, recordingCovered, 1);
        }

        /** The migration did not complete: the VM is still on its source. */
        public boolean failed() {
            return !Outcome.ofLabel(outcome).migrated();
        }

        public boolean underSla(long slaNanos) {
            return !failed() && downtimeNanos <= slaNanos;
        }
    }

    public FleetEvaluation {
        vms = List.copyOf(vms);
    }

    /** VMs under the SLA, each row counted {@code count} times. */
    public int vmsUnderSla() {
        return vms.stream().filter(v -> v.underSla(slaNanos)).mapToInt(VmOutcome::count).sum();
    }

    /** VMs the fleet stands for, each row counted {@code count} times. */
    public int vmCount() {
        return vms.stream().mapToInt(VmOutcome::count).sum();
    }

    /** Every VM under the SLA. */
    public boolean slaMet() {
        return vmsUnderSla() == vmCount();
    }

    /** The rows whose migration did not complete, in fleet order. */
    public List<VmOutcome> failures() {
        return vms.stream().filter(VmOutcome::failed).toList();
    }

    /** Migrations that end inside the window. */
    public int fitInWindow() {
        return schedule.finishedWithin(windowNanos);
    }

    /** The whole fleet migrates inside the window, every VM under the SLA. */
    public boolean feasible() {
        return slaMet() && schedule.makespanNanos() <= windowNanos;
    }

    public VmOutcome worst() {
        VmOutcome worst = vms.get(0);
        for (VmOutcome v : vms) {
            if (v.failed() && !worst.failed() || v.downtimeNanos() > worst.downtimeNanos() && v.failed() == worst.failed()) {
                worst = v;
            }
        }
        return worst;
    }
}
