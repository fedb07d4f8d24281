package dev.vmreplay.engine.destination;

/**
 * QEMU's behaviour: a zero page is not written at the destination (ram_handle_zero skips the memset
 * when the target is already zero, and untouched anonymous memory reads as zero). The small page stays
 * unbacked, so its large page cannot be mapped whole at resume.
 */
final class LeaveUnbacked implements ZeroPageHandling {
    @Override
    public boolean fillsZeroPage() {
        return false;
    }

    @Override
    public long fillCostNanos() {
        return 0;
    }
}
