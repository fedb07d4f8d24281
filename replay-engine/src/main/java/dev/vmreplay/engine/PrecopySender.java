package dev.vmreplay.engine;

import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.technique.DowntimeLimit;
import dev.vmreplay.engine.technique.SyncRule;

/**
 * The pre-copy passes' sender: walks the pages to send in address order at the pre-copy rate
 * ({@code precopy.max-bandwidth} over the link), measures the bandwidth as QEMU does
 * ({@link BandwidthSample}), says when a sync is due ({@code precopy.sync}), and lets a destination that
 * cannot keep up slow it down. Which phase the migration is in is the {@link MigrationTimeline}'s business.
 */
final class PrecopySender {
    private final SourcePages source;
    private final Bitmap toSend;
    private final PageTransfer transfer;
    private final Sender sender;
    private final Link link;
    private final SyncRule syncRule;
    private final StallClock clock;
    private final ThrottleTicks throttle;
    private final long rateBytesPerSec;
    /** Time one full page takes at the pre-copy rate, ns (truncated): how far the destination may lag the sender. */
    private final long pageNanos;
    private final BandwidthSample bandwidth;

    /** Next page to look at in address order. */
    private long cursor;
    /**
     * QEMU's walk goes on from where it was after a re-sync (ram_find_and_save_block starts at
     * last_seen_block / last_page, reset only at setup) and wraps at the end of memory; the classic pass-end
     * model starts every pass at page 0.
     */
    private final boolean scanContinuesAfterSync;
    /** Pages of the current set not sent yet. */
    private long remaining;
    private long lastSyncNanos;

    /** The next orchestrator poll or the replay's bound, which a span's sends must stop before. */
    private long deadlineNanos = Long.MAX_VALUE;

    PrecopySender(MigrationConfig cfg, SourcePages source, PageTransfer transfer, Link link, StallClock clock,
                  ThrottleTicks throttle, DowntimeLimit limit) {
        this.source = source;
        this.toSend = source.toSend;
        this.transfer = transfer;
        this.sender = transfer.sender();
        this.link = link;
        this.syncRule = SyncRule.forConfig(cfg);
        this.scanContinuesAfterSync = cfg.precopy().sync() == MigrationConfig.Sync.BELOW_THRESHOLD;
        this.clock = clock;
        this.throttle = throttle;
        this.rateBytesPerSec = cfg.precopyRateBytesPerSec();
        this.pageNanos = (long) (link.pageWireBytes(false) * 1e9 / rateBytesPerSec);
        this.bandwidth = new BandwidthSample(limit, cfg.precopy().switchoverBandwidthBytesPerSec());
    }

    /** The first pass starts at {@code t}: every page is to be sent. */
    void start(long t) {
        toSend.setAll();
        remaining = source.pages();
        cursor = 0;
        lastSyncNanos = t;
        sender.startSegment(t, rateBytesPerSec);
        bandwidth.restart(t, rateBytesPerSec);
    }

    /** Whether the sync rule takes the dirty set when the sender is free at {@code freeNanos}. */
    boolean syncDue(long freeNanos) {
        return syncRule.syncDue(remaining, bandwidth.thresholdBytes(), freeNanos - lastSyncNanos);
    }

    /** The dirty set is taken at {@code t}; returns the pages the next pass has to send. */
    long sync(long t) {
        source.takeDirty();
        long pending = toSend.cardinality();
        lastSyncNanos = t;
        remaining = pending;
        if (!scanContinuesAfterSync) {
            cursor = 0;
        }
        return pending;
    }

    /** Pages of the current set not sent yet. */
    long remaining() {
        return remaining;
    }

    /** The guest stopped: what is left goes in the stop-and-copy, not in a pass. */
    void stop() {
        remaining = 0;
    }

    /**
     * The bandwidth the expected downtime assumes: {@code precopy.switchover-bandwidth}, or the one measured
     * over the last complete sample (the configured rate before one is).
     */
    double switchoverBandwidth() {
        return bandwidth.switchoverBytesPerSec();
    }

    /** The downtime limit changed (an orchestrator's step): the re-sync threshold follows. */
    void limitChanged() {
        bandwidth.limitChanged();
    }

    /** The next deadline (orchestrator poll, the replay's bound) sends must stop at. */
    void deadlineAt(long nanos) {
        deadlineNanos = nanos;
    }

    long rateBytesPerSec() {
        return rateBytesPerSec;
    }

    /** Sends the next page of the pass (the sender is free, no sync is due). */
    void sendNext() {
        send(nextPage());
    }

    /** The next page to send from the cursor on, wrapping at the end of memory (a page is left: remaining > 0). */
    private long nextPage() {
        long p = toSend.nextSetBit(cursor);
        return p >= 0 ? p : toSend.nextSetBit(0);
    }

    /**
     * Sends the pages due before {@code end}, stopping at a sync, a throttle tick or a page whose conflict
     * key {@code span} writes (the span's writes must land first); returns the time it stopped at, when
     * the migration's next step is due ({@code >= end} when nothing stopped it before).
     */
    long sendBefore(long end, EventSpan span) {
        long timer = Math.min(throttle.nextTickNanos(), deadlineNanos);
        while (true) {
            long free = sender.freeAtNanos();
            long next = Math.min(free, timer);
            if (next >= end || timer <= free) {
                return next;
            }
            if (syncDue(free)) {
                return free;
            }
            long p = nextPage();
            if (span.writes(source.traces().conflictKey(p))) {
                return free;
            }
            clock.advance(free);
            send(p);
        }
    }

    /** Sends page {@code p}, the next to send, when the sender is free. */
    private void send(long p) {
        toSend.clear(p);
        cursor = p + 1;
        remaining--;
        long bytes = transfer.send(p, false);
        bandwidth.sent(bytes, sender.freeAtNanos());
        // The destination receives into a buffer of (at least) one full page: it may still work on
        // earlier pages while the next full page is on the wire. Only a destination further behind than
        // that (during-transfer population or zero fills on a slow CPU) slows the sender.
        long ready = transfer.destReadyNanos() - link.latencyNanos() - pageNanos;
        if (ready > sender.freeAtNanos()) {
            sender.startSegment(ready, rateBytesPerSec);
        }
    }
}
