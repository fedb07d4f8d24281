package dev.vmreplay.engine.sriov;

/**
 * The baseline (what VFIO live migration does when the device must be quiesced in the stop phase):
 * at the stun wait for every response outstanding on the VF, then move the VF state. The wait - the
 * longest remaining service time in flight - is downtime.
 */
final class DrainDuringStun implements VfHandover {
    private final HandoverPort vf;

    DrainDuringStun(HandoverPort vf) {
        this.vf = vf;
    }

    @Override
    public long prepareSwitchOver(long nowNanos) {
        return nowNanos;
    }

    @Override
    public long stun(long stunNanos) {
        long drained = Math.max(stunNanos, vf.latestOutstandingCompletionNanos());
        return drained + vf.stateMoveNanos();
    }
}
