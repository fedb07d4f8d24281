package dev.vmreplay.engine.sriov;

import java.util.Objects;

/**
 * Configuration of the SR-IOV replay (DESIGN.md section 6, keys {@code sriov.*}). Defaults live in the
 * engine's configuration registry, not here.
 *
 * @param handover {@code sriov.handover}
 * @param pfExtraLatencyNanos {@code sriov.pf-extra-latency}: latency the PF (hypervisor-relayed) path adds
 *     to each request, >= 0
 * @param pfMaxRequestsPerSec {@code sriov.pf-max-rate}: requests per second the PF path can feed, over all
 *     queues, > 0 (the PF path is the slower, software-relayed one)
 * @param vfStateMoveCostNanos {@code sriov.vf-state-move-cost}: moving the queue positions between VF, PF,
 *     hypervisor memory and the destination VF, per move, >= 0
 * @param defaultQueueDepth {@code sriov.queue-depth}: requests in flight per queue when the manifest's
 *     {@code io_queue_depth} is 0 (unknown), >= 1
 */
public record SriovSpec(
        HandoverPolicy handover,
        long pfExtraLatencyNanos,
        long pfMaxRequestsPerSec,
        long vfStateMoveCostNanos,
        int defaultQueueDepth) {

    public SriovSpec {
        Objects.requireNonNull(handover, "sriov.handover");
        if (pfExtraLatencyNanos < 0) {
            throw new IllegalArgumentException("sriov.pf-extra-latency must be >= 0 ns, was " + pfExtraLatencyNanos + " ns");
        }
        if (pfMaxRequestsPerSec <= 0) {
            throw new IllegalArgumentException("sriov.pf-max-rate must be > 0 requests/s, was " + pfMaxRequestsPerSec);
        }
        if (vfStateMoveCostNanos < 0) {
            throw new IllegalArgumentException("sriov.vf-state-move-cost must be >= 0 ns, was " + vfStateMoveCostNanos + " ns");
        }
        if (defaultQueueDepth < 1) {
            throw new IllegalArgumentException("sriov.queue-depth must be >= 1, was " + defaultQueueDepth);
        }
    }

    public SriovSpec withHandover(HandoverPolicy value) {
        return new SriovSpec(value, pfExtraLatencyNanos, pfMaxRequestsPerSec, vfStateMoveCostNanos, defaultQueueDepth);
    }

    /** Minimum spacing of two PF-path feeds, ns (rounded up). */
    long pfFeedIntervalNanos() {
        return (1_000_000_000L + pfMaxRequestsPerSec - 1) / pfMaxRequestsPerSec;
    }
}
