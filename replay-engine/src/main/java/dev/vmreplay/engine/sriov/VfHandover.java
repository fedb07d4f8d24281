package dev.vmreplay.engine.sriov;

/**
 * How the VF is handed over at switch-over ({@code sriov.handover}, seed 3). Implementations read the
 * replay's device state and steer its feeding; the replay does the event bookkeeping.
 */
interface VfHandover {
    /**
     * Pre-copy is about to switch over at {@code nowNanos}, the guest still runs.
     *
     * @return when the engine may stun (>= nowNanos)
     */
    long prepareSwitchOver(SriovIoReplay replay, long nowNanos);

    /**
     * The guest is stunned at {@code stunNanos} (events up to then are processed; nothing is fed after).
     *
     * @return when the VF state has moved and the stun may proceed (>= stunNanos)
     */
    long stun(SriovIoReplay replay, long stunNanos);

    static VfHandover of(HandoverPolicy policy) {
        return switch (policy) {
            case DRAIN_DURING_STUN -> new DrainDuringStun();
            case QUIESCE_BEFORE_STUN -> new QuiesceBeforeStun();
        };
    }
}
