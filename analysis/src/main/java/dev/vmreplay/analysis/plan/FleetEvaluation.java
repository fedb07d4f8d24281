package dev.vmreplay.analysis.plan;

import dev.vmreplay.engine.Outcome;
import java.util.List;

/**
 * One technique on the whole fleet at one link bandwidth.
 *
 * @param preset the technique
 * @param linkBitsPerSec the whole link; each concurrent migration gets {@code link / concurrent}
 * @param vms per VM, in fleet order
 * @param schedule the waves
 * @param slaNanos the downtime SLA
 * @param windowNanos the maintenance window
 */
public record FleetEvaluation(String preset, double linkBitsPerSec, List<VmOutcome> vms, WaveSchedule schedule,
                              long slaNanos, long windowNanos) {
    /**
     * One VM's replay at the evaluated link. A migration that did not complete (aborted, timed out) is a
     * failed migration with its outcome as the reason, never a downtime figure, and misses the SLA.
     *
     * @param outcome the engine's {@code outcome} label
     * @param recordingCovered the guest's recording lasted through the run (engine's
     *     {@code trace_covers_window}); false means the guest was idle for part of it
     */
    public record VmOutcome(String trace, long downtimeNanos, long totalNanos, String outcome, boolean recordingCovered) {
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

    public int vmsUnderSla() {
        return (int) vms.stream().filter(v -> v.underSla(slaNanos)).count();
    }

    /** Every VM under the SLA. */
    public boolean slaMet() {
        return vmsUnderSla() == vms.size();
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
