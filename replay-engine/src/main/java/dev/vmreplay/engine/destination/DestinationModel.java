package dev.vmreplay.engine.destination;

/**
 * The destination host as the replay engine sees it (DESIGN.md section 3, seeds 2, 4 and 5):
 * backing (large pages or small pages), zero-page handling, page-table population, and
 * post-resume faults. One instance per run; the engine calls it in time order.
 *
 * <p>Page indices are 4 KiB guest-physical page numbers. Times are engine nanoseconds (the
 * migration timeline, the same clock as the engine's link).
 */
public interface DestinationModel {

    /**
     * A page has arrived at {@code arrivalNanos} (pre-copy pass or final stop-and-copy).
     *
     * @param zeroMarker true when it came as a zero marker (no data written unless the zero-page
     *     policy writes zeros)
     * @param duringStun true when it is part of the final stop-and-copy
     * @return the time by which the destination has finished processing the page (>= arrivalNanos);
     *     the engine must not consider the transfer complete before the latest such time. With
     *     {@code during-transfer} population this is where a destination CPU that cannot keep up
     *     slows the transfer.
     */
    long pageArrived(long page, boolean zeroMarker, boolean duringStun, long arrivalNanos);

    /**
     * Work the destination must do inside the stun after the last page has arrived and before
     * resume (before-resume population, mappings left over by during-transfer).
     *
     * @return nanoseconds added to downtime, >= 0
     */
    long stunWorkNanos();

    /**
     * Called once at resume; from then on the guest runs at the destination. Freezes
     * {@link #contiguityLoss()}.
     */
    void resume(long resumeNanos);

    /**
     * The guest touches {@code page} after resume (write, or read when the trace has reads).
     *
     * @return stall in nanoseconds for the touching vCPU (a fault), 0 when already mapped
     */
    long touchAfterResume(long page, int vcpu, long nowNanos);

    /** EPT/NPT violations taken after resume so far. */
    long postResumeFaults();

    /** Share of source large pages not backed by one destination large page at resume, 0..1. */
    double contiguityLoss();
}
