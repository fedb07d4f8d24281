package dev.vmreplay.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-run metrics of DESIGN.md section 1. Names in {@link #asMap()} are the contract used by
 * the CLI's JSON output, results tables and reports.
 *
 * @param downtimeNanos guest not running anywhere: stun at source to resume at destination
 * @param totalNanos migration start to resume (plus post-copy tail where used)
 * @param bytesSent everything put on the link: page data, zero markers, headers, device state
 * @param iterations pre-copy passes, the first full pass included, the final stop-and-copy excluded
 * @param pagesSent 4 KiB pages sent with data (first sends and resends)
 * @param zeroPages pages sent as zero markers
 * @param pagesResent pages sent more than once (counted per resend)
 * @param traceInstalls write-trace installs on the source
 * @param traceFires write-trace fires on the source
 * @param guestStallVcpuNanos vCPU time lost to trace install, fire and throttling before the stun
 * @param postResumeFaults EPT/NPT violations at the destination in the window after resume
 * @param contiguityLoss share of source large pages not backed by one destination large page, 0..1
 * @param ioDowntimeNanos IO part of downtime
 * @param ioP99Nanos 99th percentile IO latency during migration
 * @param ioDelayed requests that waited because of the migration
 * @param converged pre-copy reached its switch-over condition without being forced
 * @param aborted migration aborted (guest stays on the source); downtime is then 0
 * @param traceEndNanos trace time of the latest guest event applied (events read but dropped because the
 *     run ended do not count), copies of {@code trace.end = loop} included (copy k's events at their
 *     recorded time plus k x the copy period); 0 when none was
 * @param traceCopies copies of the memory trace the guest's events came from: 1 without looping
 * @param traceCoversWindow the guest's events reached the end of the run (the end of the post-resume
 *     window, or the abort); false when the recording ran out first and the guest was idle after it,
 *     so the migration saw no writes and the destination no accesses from then on
 * @param outcome how the migration ended ({@link Outcome#label()})
 * @param outcomeNanos when it was decided, ns after the migration started (the switch-over decision, the
 *     abort, the timeout)
 * @param downtimeLimitFinalNanos the downtime limit in force at the end (an orchestrator may step it up)
 * @param throttleMax the highest share of vCPU time the guest was throttled by, 0..1
 */
public record Metrics(
        long downtimeNanos,
        long totalNanos,
        long bytesSent,
        int iterations,
        long pagesSent,
        long zeroPages,
        long pagesResent,
        long traceInstalls,
        long traceFires,
        long guestStallVcpuNanos,
        long postResumeFaults,
        double contiguityLoss,
        long ioDowntimeNanos,
        long ioP99Nanos,
        long ioDelayed,
        boolean converged,
        boolean aborted,
        long traceEndNanos,
        int traceCopies,
        boolean traceCoversWindow,
        String outcome,
        long outcomeNanos,
        long downtimeLimitFinalNanos,
        double throttleMax) {

    /**
     * Metrics of a result made outside the engine (tests, fakes) that knows nothing of trace coverage or
     * outcome: {@code trace_end_ns} 0, {@code trace_copies} 1, {@code trace_covers_window} true, outcome
     * aborted, converged or forced as the flags say, decided at {@code totalNanos}, no limit, no throttle.
     */
    public Metrics(long downtimeNanos, long totalNanos, long bytesSent, int iterations, long pagesSent, long zeroPages,
                   long pagesResent, long traceInstalls, long traceFires, long guestStallVcpuNanos, long postResumeFaults,
                   double contiguityLoss, long ioDowntimeNanos, long ioP99Nanos, long ioDelayed, boolean converged,
                   boolean aborted) {
        this(downtimeNanos, totalNanos, bytesSent, iterations, pagesSent, zeroPages, pagesResent, traceInstalls,
                traceFires, guestStallVcpuNanos, postResumeFaults, contiguityLoss, ioDowntimeNanos, ioP99Nanos, ioDelayed,
                converged, aborted, 0, 1, true,
                (aborted ? Outcome.ABORTED : converged ? Outcome.CONVERGED : Outcome.FORCED).label(), totalNanos, 0, 0);
    }

    /**
     * Metrics of a result made outside the engine that knows trace coverage but not the outcome: outcome
     * aborted, converged or forced as the flags say, decided at {@code totalNanos}, no limit, no throttle.
     */
    public Metrics(long downtimeNanos, long totalNanos, long bytesSent, int iterations, long pagesSent, long zeroPages,
                   long pagesResent, long traceInstalls, long traceFires, long guestStallVcpuNanos, long postResumeFaults,
                   double contiguityLoss, long ioDowntimeNanos, long ioP99Nanos, long ioDelayed, boolean converged,
                   boolean aborted, long traceEndNanos, int traceCopies, boolean traceCoversWindow) {
        this(downtimeNanos, totalNanos, bytesSent, iterations, pagesSent, zeroPages, pagesResent, traceInstalls,
                traceFires, guestStallVcpuNanos, postResumeFaults, contiguityLoss, ioDowntimeNanos, ioP99Nanos, ioDelayed,
                converged, aborted, traceEndNanos, traceCopies, traceCoversWindow,
                (aborted ? Outcome.ABORTED : converged ? Outcome.CONVERGED : Outcome.FORCED).label(), totalNanos, 0, 0);
    }

    /** Whether the guest ended up at the destination ({@link Outcome#migrated()}). */
    public boolean migrated() {
        return Outcome.ofLabel(outcome).migrated();
    }

    /** Metric name to value, in DESIGN.md order; values are Long, Integer, Double, Boolean or String ({@code outcome}). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("downtime_ns", downtimeNanos);
        m.put("total_ns", totalNanos);
        m.put("bytes_sent", bytesSent);
        m.put("iterations", iterations);
        m.put("pages_sent", pagesSent);
        m.put("zero_pages", zeroPages);
        m.put("pages_resent", pagesResent);
        m.put("trace_installs", traceInstalls);
        m.put("trace_fires", traceFires);
        m.put("guest_stall_vcpu_ns", guestStallVcpuNanos);
        m.put("post_resume_faults", postResumeFaults);
        m.put("contiguity_loss", contiguityLoss);
        m.put("io_downtime_ns", ioDowntimeNanos);
        m.put("io_p99_ns", ioP99Nanos);
        m.put("io_delayed", ioDelayed);
        m.put("converged", converged);
        m.put("aborted", aborted);
        m.put("trace_end_ns", traceEndNanos);
        m.put("trace_copies", traceCopies);
        m.put("trace_covers_window", traceCoversWindow);
        m.put("outcome", outcome);
        m.put("outcome_ns", outcomeNanos);
        m.put("downtime_limit_final_ns", downtimeLimitFinalNanos);
        m.put("throttle_max", throttleMax);
        return m;
    }
}
