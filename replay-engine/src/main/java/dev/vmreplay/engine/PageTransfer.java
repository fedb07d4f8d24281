package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.Bitmap;

/**
 * The page traffic of one run: puts pages (or zero markers) and device state on the link, lands them
 * at the destination, and counts what went (pages, markers, resends, bytes, per pass). Which page goes
 * when is the replay's decision; this class knows how long it takes and what it costs.
 *
 * <p>A page sent is current at the destination until the guest writes it again, so sending clears its
 * {@code stale} bit (see {@code SourcePages}).
 */
final class PageTransfer {
    private final Link link;
    private final DestinationModel dest;
    private final Bitmap zero;
    private final Bitmap stale;
    private final PassLog passes;
    private final Sender sender = new Sender();
    /** Pages sent at least once (a second send is a resend). */
    private final Bitmap everSent;

    private long bytesSent;
    private long pagesSent;
    private long zeroPages;
    private long pagesResent;
    private long lastArrivalNanos;
    private long destReadyNanos;

    /**
     * @param zero   pages that are all zero now (read: a zero page goes as a marker when the link detects zeros)
     * @param stale  pages written since their last send (cleared here when a page goes)
     * @param passes the per-pass table, which counts this traffic against the pass in progress
     */
    PageTransfer(long pages, Link link, DestinationModel dest, Bitmap zero, Bitmap stale, PassLog passes) {
        this.link = link;
        this.dest = dest;
        this.zero = zero;
        this.stale = stale;
        this.passes = passes;
        this.everSent = new Bitmap(pages);
    }

    Sender sender() {
        return sender;
    }

    /** Puts page {@code p} on the link after what is queued; returns its wire bytes. */
    long send(long p, boolean duringStun) {
        boolean z = zero.get(p);
        boolean marker = link.sendsMarker(z);
        long bytes = link.pageWireBytes(z);
        long ready = land(p, marker, bytes, duringStun, sender.send(bytes) + link.latencyNanos());
        if (ready > destReadyNanos) {
            destReadyNanos = ready;
        }
        return bytes;
    }

    /**
     * Post-copy: the guest touched page {@code p}, missing at the destination, at {@code wall}; the page is
     * fetched on its own (one round trip plus its transfer, beside the pushed stream). Returns the stall.
     */
    long demandFetch(long p, long wall) {
        boolean z = zero.get(p);
        boolean marker = link.sendsMarker(z);
        long fetch = link.demandFetchNanos(z);
        land(p, marker, link.pageWireBytes(z), false, wall + fetch);
        return fetch;
    }

    /** Puts {@code bytes} of device state on the link after what is queued; returns when they have arrived. */
    long sendDeviceState(long bytes) {
        long arrived = sender.send(bytes) + link.latencyNanos();
        bytesSent += bytes;
        passes.bytesSent(bytes);
        return arrived;
    }

    /**
     * Page {@code p} ({@code bytes} on the wire) arrives at {@code arrival}: counts it and lands it at the
     * destination; returns when the destination is done with it.
     */
    private long land(long p, boolean marker, long bytes, boolean duringStun, long arrival) {
        count(p, marker, bytes);
        stale.clear(p);
        long ready = dest.pageArrived(p, marker, duringStun, arrival);
        if (arrival > lastArrivalNanos) {
            lastArrivalNanos = arrival;
        }
        return ready;
    }

    private void count(long p, boolean marker, long bytes) {
        if (!everSent.testAndSet(p)) {
            pagesResent++;
        }
        if (marker) {
            zeroPages++;
        } else {
            pagesSent++;
        }
        bytesSent += bytes;
        passes.pageSent(bytes);
    }

    Bitmap everSent() {
        return everSent;
    }

    /** Latest arrival at the destination of a page sent so far, ns. */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** When the destination finished the work (mapping, zero fills) for the pages arrived so far, ns. */
    long destReadyNanos() {
        return destReadyNanos;
    }

    long bytesSent() {
        return bytesSent;
    }

    long pagesSent() {
        return pagesSent;
    }

    long zeroPages() {
        return zeroPages;
    }

    long pagesResent() {
        return pagesResent;
    }
}
