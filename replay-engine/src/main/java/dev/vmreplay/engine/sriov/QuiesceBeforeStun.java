package dev.vmreplay.engine.sriov;

/**
 * Seed 3: when pre-copy is about to switch over, stop feeding the VF from the rings while the guest
 * keeps running and queuing; once no response is outstanding, move the ring positions VF -> PF ->
 * hypervisor memory (one state move), then keep feeding the rings through the PF path (its extra
 * latency, its lower rate) until the stun. The rings live in guest memory and travel with it; the stun
 * only installs the positions in the destination VF (one state move). The drain wait moves out of the
 * downtime into the running phase.
 *
 * <p>Requests still in flight on the PF path at the stun are not waited for: the hypervisor, not the
 * VF, owns them and records their completions in the ring it hands over.
 *
 * <p>Without a prior {@link #prepareSwitchOver} (a run that stuns without a pre-copy phase) there is no
 * running phase to hide the drain in, and the stun drains like {@link DrainDuringStun}.
 */
final class QuiesceBeforeStun implements VfHandover {
    private final HandoverPort vf;
    private boolean prepared;
    /** When the PF path takes over from the quiesced VF; valid once prepared. */
    private long pfPathStartNanos;

    QuiesceBeforeStun(HandoverPort vf) {
        this.vf = vf;
    }

    @Override
    public long prepareSwitchOver(long nowNanos) {
        if (prepared) {
            return Math.max(nowNanos, pfPathStartNanos);
        }
        prepared = true;
        vf.stopFeeding();
        long drained = Math.max(nowNanos, vf.latestOutstandingCompletionNanos());
        pfPathStartNanos = drained + vf.stateMoveNanos();
        vf.feedThroughPfFrom(pfPathStartNanos);
        return pfPathStartNanos;
    }

    @Override
    public long stun(long stunNanos) {
        long ready = prepared
                ? Math.max(stunNanos, pfPathStartNanos)
                : Math.max(stunNanos, vf.latestOutstandingCompletionNanos());
        return ready + vf.stateMoveNanos();
    }
}
