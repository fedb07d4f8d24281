package dev.vmreplay.engine.destination;

/**
 * QEMU's behaviour: a zero page is not written at the destination (ram_handle_zero skips the memset
 * when the target is already zero, and untouched anonymous memory reads as zero). The small page stays
 * unbacked, so its large page cannot be mapped whole at resume.
 */
final class LeaveUnbacked implements ZeroPageHandling {
    private final LargePageHoles holes;

    LeaveUnbacked(LargePageHoles holes) {
        this.holes = holes;
    }

    @Override
    public long zeroMarkerLanded(long page, int large, long arrivalNanos) {
        holes.leave(page, large);
        return arrivalNanos;
    }

    @Override
    public long pagesFilled() {
        return 0;
    }
}
