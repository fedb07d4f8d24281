package dev.vmreplay.engine.sriov;

/**
 * How the VF is handed over at switch-over ({@code sriov.handover}, seed 3). An implementation steers
 * the device through the {@link HandoverPort} it was built with and keeps its own state; the replay does
 * the event bookkeeping.
 *
 * <p>Adding a policy: one class implementing this interface and one line in {@link #of}.
 */
interface VfHandover {
    /**
     * Pre-copy is about to switch over at {@code nowNanos}, the guest still runs.
     *
     * @return when the engine may stun (>= nowNanos)
     */
    long prepareSwitchOver(long nowNanos);

    /**
     * The guest is stunned at {@code stunNanos} (events up to then are processed; nothing is fed after).
     *
     * @return when the VF state has moved and the stun may proceed (>= stunNanos)
     */
    long stun(long stunNanos);

    static VfHandover of(HandoverPolicy policy, HandoverPort vf) {
        return switch (policy) {
            case DRAIN_DURING_STUN -> new DrainDuringStun(vf);
            case QUIESCE_BEFORE_STUN -> new QuiesceBeforeStun(vf);
        };
    }
}
