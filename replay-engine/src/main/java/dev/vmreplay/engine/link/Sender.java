package dev.vmreplay.engine.link;

/**
 * The sending side of the link as a clock: bytes queued at a fixed rate from a segment start. The
 * completion time of the n-th byte is computed from the segment start (not accumulated per page),
 * so long transfers do not drift.
 */
public final class Sender {
    /**
     * Latest time a transfer may end, ns (about 146 years): past it the run's clock would overflow int64 ns, so a
     * rate too low for the guest is bad input, never a clamped, silently wrong figure.
     */
    public static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private long segmentStartNanos;
    private long segmentBytes;
    private double nanosPerByte;
    private long freeAtNanos;

    /** Starts sending at {@code startNanos} at {@code bytesPerSec}; the sender is idle until then. */
    public void startSegment(long startNanos, long bytesPerSec) {
        if (bytesPerSec <= 0) {
            throw new IllegalArgumentException("rate must be > 0, was " + bytesPerSec);
        }
        segmentStartNanos = startNanos;
        segmentBytes = 0;
        nanosPerByte = 1e9 / bytesPerSec;
        freeAtNanos = startNanos;
    }

    /** Queues {@code bytes} after everything queued so far; returns when their last byte has left. */
    public long send(long bytes) {
        segmentBytes += bytes;
        double free = segmentStartNanos + Math.ceil(segmentBytes * nanosPerByte);
        if (free > MAX_NANOS) {
            throw new IllegalArgumentException("the replay's clock passes " + MAX_NANOS / 31_557_600_000_000_000L
                    + " years while sending: link.bandwidth (or precopy.max-bandwidth, postcopy.max-bandwidth) is too "
                    + "low for this guest's memory");
        }
        freeAtNanos = (long) free;
        return freeAtNanos;
    }

    /** When the sender can start the next page. */
    public long freeAtNanos() {
        return freeAtNanos;
    }
}
