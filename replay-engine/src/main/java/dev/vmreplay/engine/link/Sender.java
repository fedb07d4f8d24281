package dev.vmreplay.engine.link;

/**
 * The sending side of the link as a clock: bytes queued at a fixed rate from a segment start. The
 * completion time of the n-th byte is computed from the segment start (not accumulated per page),
 * so long transfers do not drift.
 */
public final class Sender {
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
        freeAtNanos = segmentStartNanos + (long) Math.ceil(segmentBytes * nanosPerByte);
        return freeAtNanos;
    }

    /** When the sender can start the next page. */
    public long freeAtNanos() {
        return freeAtNanos;
    }
}
