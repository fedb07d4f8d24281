package dev.vmreplay.engine.technique;

/**
 * What a switch-over rule sees when the dirty set has just been taken.
 *
 * @param passesDone pre-copy passes completed, this one included (>= 1)
 * @param pendingPages pages to send next (dirty plus not yet sent)
 * @param pendingBytes the same in bytes as the sender counts them (pages x 4 KiB)
 * @param bandwidthBytesPerSec measured pre-copy bandwidth, > 0
 * @param pagesSentInPass pages the pass that just ended sent
 * @param totalBytesSent bytes put on the link since migration start
 * @param memoryBytes guest memory
 * @param pagesDirtiedInPass pages added to the set to send by this sync (dirtied during the pass and not
 *     already waiting to be sent)
 */
public record SyncPoint(int passesDone, long pendingPages, long pendingBytes, double bandwidthBytesPerSec,
                        long pagesSentInPass, long totalBytesSent, long memoryBytes, long pagesDirtiedInPass) {

    /** Expected downtime if the migration switched over now: pending bytes over measured bandwidth. */
    public double expectedDowntimeNanos() {
        return pendingBytes * 1e9 / bandwidthBytesPerSec;
    }
}
