package dev.vmreplay.engine.technique;

import dev.vmreplay.engine.MigrationConfig;

/** When pre-copy takes the dirty set (precopy.sync). */
public interface SyncRule {
    /**
     * @param remainingPages pages of the current set not sent yet
     * @param thresholdBytes measured bandwidth x downtime target
     */
    boolean syncDue(long remainingPages, double thresholdBytes);

    /** The classic model: sync when the pass has sent everything. */
    SyncRule PASS_END = (remaining, threshold) -> remaining == 0;

    /**
     * QEMU 7.x (ram_state_pending_exact via migration_iteration_run): re-sync as soon as what is left
     * falls under the threshold, not at the end of a pass; so the last passes are short.
     */
    SyncRule BELOW_THRESHOLD = (remaining, threshold) -> remaining == 0 || remaining * 4096.0 <= threshold;

    static SyncRule forConfig(MigrationConfig config) {
        return config.sync() == MigrationConfig.Sync.PASS_END ? PASS_END : BELOW_THRESHOLD;
    }
}
