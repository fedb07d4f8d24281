package dev.vmreplay.engine;

/**
 * The pre-copy bandwidth as QEMU 7.x measures it: bytes sent over a sample of at least 100 ms
 * (BUFFER_DELAY, migration_update_counters), re-estimated when a sample is complete. The switch-over
 * threshold (estimate x {@code precopy.downtime-target}) is kept with the estimate: it is read for
 * every page sent.
 */
final class BandwidthSample {
    /** QEMU 7.x re-estimates the migration bandwidth every 100 ms. */
    static final long SAMPLE_NANOS = 100_000_000L;

    private final long downtimeTargetNanos;
    private long startNanos;
    private long bytes;
    private double estimateBytesPerSec;
    private double thresholdBytes;

    BandwidthSample(long downtimeTargetNanos) {
        this.downtimeTargetNanos = downtimeTargetNanos;
    }

    /** Pre-copy starts at {@code t}: the estimate is the configured rate until a sample is complete. */
    void restart(long t, double rateBytesPerSec) {
        startNanos = t;
        bytes = 0;
        setEstimate(rateBytesPerSec);
    }

    /** {@code wireBytes} more went out, the sender being free again at {@code freeAtNanos}. */
    void sent(long wireBytes, long freeAtNanos) {
        bytes += wireBytes;
        long elapsed = freeAtNanos - startNanos;
        if (elapsed >= SAMPLE_NANOS) {
            setEstimate(bytes * 1e9 / elapsed);
            startNanos = freeAtNanos;
            bytes = 0;
        }
    }

    double estimateBytesPerSec() {
        return estimateBytesPerSec;
    }

    /** Estimate x downtime target: bytes that would go out within the target, by the estimate. */
    double thresholdBytes() {
        return thresholdBytes;
    }

    private void setEstimate(double bytesPerSec) {
        estimateBytesPerSec = bytesPerSec;
        thresholdBytes = bytesPerSec * downtimeTargetNanos / 1e9;
    }
}
