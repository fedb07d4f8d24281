package dev.vmreplay.engine.link;

import dev.vmreplay.engine.MigrationConfig;

/**
 * The migration link (DESIGN.md section 3): bandwidth shared by {@code streams} streams, one-way
 * latency, per-page header bytes, and zero pages sent as small markers when detection is on.
 *
 * <p>Streams share the bandwidth, so the aggregate rate of a bulk transfer does not depend on their
 * number; a single page on its own (a post-copy demand fetch) travels on one stream at
 * {@code bandwidth / streams}.
 *
 * @param bandwidthBytesPerSec aggregate link rate, > 0
 * @param latencyNanos one-way latency, >= 0
 * @param pageHeaderBytes bytes before every page or marker, >= 0
 * @param zeroMarkerBytes payload of a zero marker, >= 0
 * @param streams parallel streams, >= 1
 * @param zeroDetect whether zero pages go as markers
 */
public record Link(long bandwidthBytesPerSec, long latencyNanos, long pageHeaderBytes, long zeroMarkerBytes,
                   int streams, boolean zeroDetect) {
    public static final long PAGE_BYTES = 4096;

    public Link {
        if (bandwidthBytesPerSec <= 0) {
            throw new IllegalArgumentException("link.bandwidth must be > 0 B/s, was " + bandwidthBytesPerSec);
        }
        if (latencyNanos < 0 || pageHeaderBytes < 0 || zeroMarkerBytes < 0) {
            throw new IllegalArgumentException("link latency, header and marker sizes must be >= 0");
        }
        if (streams < 1) {
            throw new IllegalArgumentException("link.streams must be >= 1, was " + streams);
        }
    }

    /** The link of {@code c} (keys {@code link.*} and {@code zero.*}); the configuration holds it as its link spec. */
    public static Link of(MigrationConfig c) {
        return c.link();
    }

    /** Bytes on the wire for one page; {@code zero} = the page is all zero at send time. */
    public long pageWireBytes(boolean zero) {
        return pageHeaderBytes + (zero && zeroDetect ? zeroMarkerBytes : PAGE_BYTES);
    }

    /** Whether a page that is all zero goes as a marker. */
    public boolean sendsMarker(boolean zero) {
        return zero && zeroDetect;
    }

    /**
     * Stall of a post-copy demand fetch: request and response cross the link (one round trip) plus
     * the page's transfer time on one stream.
     */
    public long demandFetchNanos(boolean zero) {
        long bytes = pageWireBytes(zero);
        return 2 * latencyNanos + (long) Math.ceil(bytes * 1e9 * streams / bandwidthBytesPerSec);
    }
}
