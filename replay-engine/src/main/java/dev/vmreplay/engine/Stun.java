package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.sriov.IoReplay;

/**
 * What happens while the guest is stopped (DESIGN.md section 3): tracing and throttling end, the last dirty
 * pages join those to send, the VF is drained or handed over; then either the final stop-and-copy of what
 * is left, the device state and the destination's stun work, or (post-copy) only the device state; then the
 * integrity check and the resume at the destination. Which phase follows is the {@link MigrationTimeline}'s
 * business.
 */
final class Stun {
    private final MigrationConfig cfg;
    private final StallClock clock;
    private final SourcePages source;
    private final PageTransfer transfer;
    private final Sender sender;
    private final Link link;
    private final DestinationModel dest;
    private final IoReplay io;
    private final PassLog passes;
    private final RunMetrics metrics;
    private final ThrottleTicks throttle;
    private final PrecopySender precopy;

    Stun(MigrationConfig cfg, StallClock clock, SourcePages source, PageTransfer transfer, Link link,
         DestinationModel dest, IoReplay io, PassLog passes, RunMetrics metrics, ThrottleTicks throttle,
         PrecopySender precopy) {
        this.cfg = cfg;
        this.clock = clock;
        this.source = source;
        this.transfer = transfer;
        this.sender = transfer.sender();
        this.link = link;
        this.dest = dest;
        this.io = io;
        this.passes = passes;
        this.metrics = metrics;
        this.throttle = throttle;
        this.precopy = precopy;
    }

    /**
     * Stun at {@code t}, final copy of the pages left at {@code pageRate} (link speed; the pre-copy rate when the
     * guest was paused and QEMU iterates on), device state at link speed, destination work, integrity check,
     * resume; returns the resume time.
     */
    long stopAndCopy(long t, long pageRate) {
        long ioReady = stopGuest(t);
        passes.begin(t, source.traces());
        // Responses DMA into guest memory until the VF is drained, so the final copy starts after it.
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), pageRate);
        Bitmap toSend = source.toSend;
        for (long p = toSend.nextSetBit(0); p >= 0; p = toSend.nextSetBit(p + 1)) {
            transfer.send(p, true);
        }
        toSend.clearAll();
        if (pageRate != link.bandwidthBytesPerSec()) {
            sender.startSegment(sender.freeAtNanos(), link.bandwidthBytesPerSec()); // completion: no rate limit
        }
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        long memoryReady = Math.max(Math.max(deviceDone, transfer.lastArrivalNanos()), transfer.destReadyNanos());
        long resumeAt = memoryReady + dest.stunWorkNanos();
        source.checkIntegrity(transfer.everSent(), "resume");
        resume(t, resumeAt);
        return resumeAt;
    }

    /**
     * Post-copy: stun at {@code t}, device state, resume; returns what the destination lacks, to be pushed
     * from the resume on at {@code postcopy.max-bandwidth} and fetched on first touch.
     */
    PostcopyPages stopForPostcopy(long t) {
        long ioReady = stopGuest(t);
        PostcopyPages missing = new PostcopyPages(transfer, source.toSend);
        source.toSend.clearAll();
        passes.begin(t, source.traces());
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), link.bandwidthBytesPerSec());
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        long resumeAt = deviceDone + dest.stunWorkNanos();
        resume(t, resumeAt);
        // QEMU postcopy_start: the pushed pages go at max-postcopy-bandwidth (demand fetches are not capped)
        sender.startSegment(resumeAt, Math.min(link.bandwidthBytesPerSec(), cfg.precopy().postcopyMaxBandwidthBytesPerSec()));
        return missing;
    }

    /**
     * The guest stops at {@code t}: tracing ends, the last dirty pages join those to send, the IO replay
     * stuns; returns when the VF is drained (responses still DMA into guest memory until then).
     */
    private long stopGuest(long t) {
        source.stopTracing();
        throttle.stop();
        metrics.stunned(t);
        io.advanceTo(t);
        long ioReady = Math.max(t, io.stun(t));
        source.takeDirty();
        precopy.stop();
        return ioReady;
    }

    /** The guest, stopped at {@code stunNanos}, runs at the destination from {@code resumeAt}. */
    private void resume(long stunNanos, long resumeAt) {
        metrics.resumed(resumeAt);
        dest.resume(resumeAt);
        io.advanceTo(resumeAt);
        io.resume(resumeAt);
        clock.pauseAll(resumeAt - stunNanos);
        clock.advance(resumeAt);
    }
}
