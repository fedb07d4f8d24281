package dev.vmreplay.engine.sriov;

/**
 * What a {@link VfHandover} may do to the device side of the IO replay, and nothing more: stop feeding
 * the VF, see when its last outstanding response arrives, switch feeding to the PF path, and know what one
 * move of the ring positions costs. The replay's {@link RingFeeder} implements it; the handover keeps its
 * own state (whether it prepared, when the PF path took over).
 */
interface HandoverPort {
    /** Stops taking requests from the rings; what waits there from now on is delayed by the migration. */
    void stopFeeding();

    /** Latest completion of anything in flight (VF or PF path), or {@code Long.MIN_VALUE} when nothing is. */
    long latestOutstandingCompletionNanos();

    /** After {@link #stopFeeding}: the rings are fed through the PF path from {@code startNanos} on. */
    void feedThroughPfFrom(long startNanos);

    /** One move of the ring positions (VF, PF, hypervisor memory, destination VF), ns, >= 0. */
    long stateMoveNanos();
}
