package dev.vmreplay.engine.sriov;

/**
 * The baseline (what VFIO live migration does when the device must be quiesced in the stop phase):
 * at the stun wait for every response outstanding on the VF, then move the VF state. The wait - the
 * longest remaining service time in flight - is downtime.
 */
final class DrainDuringStun implements VfHandover {
    @Override
    public long prepareSwitchOver(SriovIoReplay replay, long nowNanos) {
        return nowNanos;
    }

    @Override
    public long stun(SriovIoReplay replay, long stunNanos) {
        long drained = Math.max(stunNanos, replay.latestOutstandingCompletionNanos());
        return drained + replay.spec().vfStateMoveCostNanos();
    }
}
