package dev.vmreplay.engine;

import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.Bitmap;

/**
 * Post-copy after resume: the pages the destination lacks (never sent, or written after their last
 * send) are pushed in address order at link speed, and a page the guest touches before its push is
 * fetched on its own at once (DESIGN.md section 3).
 */
final class PostcopyPages {
    /** Returned by {@link #pushUntil} once every page is at the destination. */
    static final long DONE = Long.MAX_VALUE;

    private final PageTransfer transfer;
    /** Pages current at the destination. */
    private final Bitmap valid;
    private long pushCursor;
    private boolean pushing = true;

    /** At resume: the destination holds every page sent so far except those still to send ({@code toSend}). */
    PostcopyPages(PageTransfer transfer, Bitmap toSend) {
        this.transfer = transfer;
        this.valid = new Bitmap(toSend.size());
        valid.or(transfer.everSent());
        valid.andNot(toSend);
    }

    /** Whether pages are still missing at the destination. */
    boolean pushing() {
        return pushing;
    }

    /** Pushes the missing pages whose send starts by {@code x}; returns when the next one can start, or {@link #DONE}. */
    long pushUntil(long x) {
        Sender sender = transfer.sender();
        while (true) {
            long free = sender.freeAtNanos();
            if (free > x) {
                return free;
            }
            long p = valid.nextClearBit(pushCursor);
            if (p < 0) {
                pushing = false;
                return DONE;
            }
            pushCursor = p + 1;
            valid.set(p);
            transfer.send(p, false);
        }
    }

    /** The guest touches page {@code p} at {@code wall}: fetches it when missing; returns the stall, ns. */
    long touch(long p, long wall) {
        if (!pushing || valid.get(p)) {
            return 0;
        }
        valid.set(p);
        return transfer.demandFetch(p, wall);
    }

    /** Pages current at the destination (all of them once pushing is over). */
    Bitmap valid() {
        return valid;
    }
}
