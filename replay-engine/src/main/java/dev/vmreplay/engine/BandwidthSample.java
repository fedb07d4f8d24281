package dev.vmreplay.engine;

import dev.vmreplay.engine.technique.DowntimeLimit;

/**
 * The pre-copy bandwidth as QEMU 7.x measures it: bytes sent over a sample of at least 100 ms
 * (BUFFER_DELAY, migration_update_counters), re-estimated when a sample is complete. The re-sync
 * threshold (QEMU threshold_size: bandwidth x downtime-limit, the bandwidth being
 * {@code precopy.switchover-bandwidth} when set, QEMU 8.2 avail-switchover-bandwidth) is kept with the
 * estimate: it is read for every page sent.
 */
final class BandwidthSample {
    /** QEMU 7.x re-estimates the migration bandwidth every 100 ms. */
    static final long SAMPLE_NANOS = 100_000_000L;

    private final DowntimeLimit limit;
    /** {@code precopy.switchover-bandwidth}, 0 = the measured estimate. */
    private final long switchoverBytesPerSec;
    private long startNanos;
    private long bytes;
    private double estimateBytesPerSec;
    private double thresholdBytes;

    BandwidthSample(DowntimeLimit limit, long switchoverBytesPerSec) {
        this.limit = limit;
        this.switchoverBytesPerSec = switchoverBytesPerSec;
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

    /**
     * The bandwidth the expected downtime assumes: {@code precopy.switchover-bandwidth} when set, else the estimate.
     */
    double switchoverBytesPerSec() {
        return switchoverBytesPerSec > 0 ? switchoverBytesPerSec : estimateBytesPerSec;
    }

    /** The downtime limit changed: the threshold follows. */
    void limitChanged() {
        setEstimate(estimateBytesPerSec);
    }

    /** Switch-over bandwidth x downtime limit: bytes that would go out within the limit. */
    double thresholdBytes() {
        return thresholdBytes;
    }

    private void setEstimate(double bytesPerSec) {
        estimateBytesPerSec = bytesPerSec;
        thresholdBytes = switchoverBytesPerSec() * limit.nanos() / 1e9;
    }
}
