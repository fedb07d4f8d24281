package dev.vmreplay.engine.technique;

import dev.vmreplay.engine.MigrationConfig;

/** When pre-copy takes the dirty set (precopy.sync). */
public interface SyncRule {
    /**
     * QEMU's migration thread sends in rate-limited rounds of 100 ms (BUFFER_DELAY) and looks at the
     * pending size once per round, so below the threshold it re-syncs at most this often.
     */
    long MIN_SYNC_INTERVAL_NANOS = 100_000_000L;

    /**
     * @param remainingPages pages of the current set not sent yet
     * @param thresholdBytes measured bandwidth x downtime target
     * @param nanosSinceLastSync time since the previous sync (or the migration start)
     */
    boolean syncDue(long remainingPages, double thresholdBytes, long nanosSinceLastSync);

    /** The classic model: sync when the pass has sent everything. */
    SyncRule PASS_END = (remaining, threshold, since) -> remaining == 0;

    /**
     * QEMU 7.x (ram_save_pending via migration_iteration_run): re-sync when what is left falls under
     * the threshold, not at the end of a pass; so the last passes are short.
     */
    SyncRule BELOW_THRESHOLD = (remaining, threshold, since) -> remaining == 0
            || (remaining * 4096.0 <= threshold && since >= MIN_SYNC_INTERVAL_NANOS);

    static SyncRule forConfig(MigrationConfig config) {
        return config.precopy().sync() == MigrationConfig.Sync.PASS_END ? PASS_END : BELOW_THRESHOLD;
    }
}
