package dev.vmreplay.engine.sriov;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.engine.loop.LoopedRecording;
import dev.vmreplay.engine.loop.TraceCopies;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Replays an IO trace through an SR-IOV VF while the guest is migrated, streaming the trace batch by
 * batch.
 *
 * <p>The model, per request: the guest queues it on its queue's ring at its trace time {@code t_ns};
 * a device path takes it from the ring in ring order when the queue has fewer than the queue depth in
 * flight; it completes {@code service_ns} later (plus {@code sriov.pf-extra-latency} on the PF path).
 * Its latency is completion minus trace time, so time spent waiting in a ring because of the migration
 * counts. Paths: the VF (source, then destination after resume) takes requests as soon as they are
 * queued; the PF path takes one request at a time, at most {@code sriov.pf-max-rate} per second, oldest
 * ring head first (ties: lowest queue). While the guest is stunned it queues nothing: requests whose
 * trace time falls in the stun are queued at resume. While the VF is not fed (quiesce, stun) requests
 * wait in the rings.
 *
 * <p>Metrics: {@code io_downtime_ns} (stun to VF state moved), {@code io_p99_ns} over requests whose trace
 * time is within the migration (from {@link #migrationStarted}, or the trace start when never called, to
 * resume), {@code io_delayed} (requests that waited in a ring while the VF was not fed, or went through
 * the slower PF path). The {@link CompletionLedger} checks every request is taken in ring order and
 * completes exactly once; {@link #finish} checks nothing is left. A request's identity in these checks is
 * its queue and ring position, so it stays unique when {@code trace.end = loop} replays the trace again.
 *
 * <p>Who does what: this class streams the trace (validating each row), runs the events in time order,
 * sequences stun and resume, and keeps the latency histogram; the rings, the requests in flight and the
 * feeding paths live in {@link RingFeeder}; the handover ({@link VfHandover}) steers the feeding through
 * the narrow {@link HandoverPort} the feeder implements.
 *
 * <p>Looping ({@code trace.end = loop}): when the trace is exhausted the next copy, shifted by the
 * {@link TraceCopies} period of the IO trace, is opened once the replay's clock reaches its first
 * request; copies start while the run lasts, and {@link #finish} plays the copy in progress out to
 * its end and starts no other.
 */
public final class SriovIoReplay implements IoReplay, AutoCloseable {
    /** Queue indices are dense small integers; a trace naming more queues than this is corrupt. */
    static final int MAX_QUEUES = 1 << 16;

    private final IoTraceReader first;
    private final boolean ownsFirst;
    private final LoopedRecording<IoTraceReader> recording;
    private boolean copyExhausted;
    private boolean moreCopies;
    private boolean looping;
    private long shiftNanos;
    private long firstRowNanos = -1;
    private long copyStartRow;
    private final RingFeeder feeder;
    private final VfHandover handover;
    private final int manifestQueues;

    private final IoBatch batch = new IoBatch();
    private int cursor;
    private long rowsRead;
    private long lastTraceNanos = Long.MIN_VALUE;

    private final Histogram latency = new Histogram(3);

    private boolean guestStopped;
    private boolean resumed;
    private long resumeNanos = Long.MAX_VALUE;
    private long migrationStartNanos = Long.MIN_VALUE;
    private long clockNanos = Long.MIN_VALUE;

    private long ioDowntimeNanos;
    private boolean finished;

    /**
     * @param first the IO trace, read once (or as copy 0)
     * @param ownsFirst close {@code first} in {@link #close()}
     * @param reopenOrNull opens the trace again for each further copy; null = no looping
     */
    SriovIoReplay(SriovSpec spec, IoTraceReader first, boolean ownsFirst, Supplier<? extends IoTraceReader> reopenOrNull) {
        this.first = first;
        this.ownsFirst = ownsFirst;
        this.recording = new LoopedRecording<>(first, reopenOrNull, "IO trace");
        this.looping = reopenOrNull != null;
        int depth = first.manifest().ioQueueDepth();
        this.manifestQueues = first.manifest().ioQueues();
        this.feeder = new RingFeeder(spec, depth > 0 ? depth : spec.defaultQueueDepth(), manifestQueues);
        this.handover = VfHandover.of(spec.handover(), feeder);
    }

    @Override
    public void migrationStarted(long startNanos) {
        migrationStartNanos = startNanos;
    }

    @Override
    public void advanceTo(long nowNanos) {
        if (finished) {
            throw new IllegalStateException("IO replay already finished");
        }
        if (nowNanos < clockNanos) {
            throw new IllegalStateException("IO replay asked to go back in time: " + nowNanos + " ns after " + clockNanos + " ns");
        }
        while (true) {
            long completion = feeder.nextCompletionNanos();
            long feed = feeder.nextFeedNanos(clockNanos);
            long submit = nextSubmitNanos(nowNanos);
            long t = Math.min(completion, Math.min(feed, submit));
            if (t == Long.MAX_VALUE || t > nowNanos) {
                break;
            }
            clockNanos = t;
            if (completion == t) {
                long trace = feeder.completeNext(t);
                if (trace >= migrationStartNanos && trace <= resumeNanos) {
                    latency.recordValue(t - trace);
                }
            } else if (feed == t) {
                feeder.feed(t);
            } else {
                submitNextRow(t);
            }
        }
        clockNanos = nowNanos;
    }

    @Override
    public long prepareSwitchOver(long nowNanos) {
        advanceTo(nowNanos);
        return handover.prepareSwitchOver(nowNanos);
    }

    @Override
    public long stun(long stunNanos) {
        advanceTo(stunNanos);
        if (guestStopped || resumed) {
            throw new IllegalStateException("IO replay stunned twice (at " + stunNanos + " ns)");
        }
        long movedNanos = handover.stun(stunNanos);
        feeder.stopFeeding();
        guestStopped = true;
        ioDowntimeNanos = movedNanos - stunNanos;
        return movedNanos;
    }

    @Override
    public void resume(long resumeAt) {
        advanceTo(resumeAt);
        if (!guestStopped) {
            throw new IllegalStateException("IO replay resumed at " + resumeAt + " ns without a stun");
        }
        guestStopped = false;
        resumed = true;
        resumeNanos = resumeAt;
        feeder.feedVfFrom(resumeAt);
    }

    @Override
    public void finish() {
        if (guestStopped) {
            throw new IllegalStateException("IO replay finished while the guest is stunned (stun without resume)");
        }
        looping = false; // the copy in progress plays out; no further copy starts
        advanceTo(Long.MAX_VALUE - 1);
        feeder.verifyAllCompleted();
        finished = true;
    }

    /** Closes the copies this replay opened (and the first trace when it owns it). */
    @Override
    public void close() {
        recording.close();
        if (ownsFirst) {
            first.close();
        }
    }

    /** Copies of the IO trace started so far: 1 without looping. */
    public int traceCopies() {
        return recording.copy() + 1;
    }

    @Override
    public long ioDowntimeNanos() {
        return ioDowntimeNanos;
    }

    @Override
    public long ioP99Nanos() {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99.0);
    }

    @Override
    public long ioDelayed() {
        return feeder.delayedRequests();
    }

    /** Requests read from the trace and queued so far. */
    public long requestsQueued() {
        return feeder.queuedRequests();
    }

    /** Requests completed so far (each exactly once, checked). */
    public long requestsCompleted() {
        return feeder.completedRequests();
    }

    /** Requests that went through the PF path. */
    public long requestsOnPfPath() {
        return feeder.pfRequests();
    }

    /** Requests whose latency counts towards {@link #ioP99Nanos()}. */
    public long requestsInLatencyWindow() {
        return latency.getTotalCount();
    }

    /** Queue depth in use: the manifest's {@code io_queue_depth}, or the spec's default when that is 0. */
    public int queueDepth() {
        return feeder.queueDepth();
    }

    void observe(RequestObserver requestObserver) {
        feeder.observe(requestObserver);
    }

    // ---- events ----

    private long nextSubmitNanos(long horizonNanos) {
        if (guestStopped || !hasRow(horizonNanos)) {
            return Long.MAX_VALUE;
        }
        long t = batch.timeNanos[cursor] + shiftNanos;
        // Queued at resume when its trace time fell in the stun.
        return resumed && t < resumeNanos ? resumeNanos : t;
    }

    /**
     * True when a row is ready at {@code cursor}. A further copy is opened only when its first request
     * is due by {@code horizonNanos}, so copies start while the run lasts.
     */
    private boolean hasRow(long horizonNanos) {
        while (true) {
            if (cursor < batch.size) {
                return true;
            }
            if (!copyExhausted) {
                cursor = 0;
                if (recording.reader().next(batch) && batch.size > 0) {
                    if (firstRowNanos < 0) {
                        firstRowNanos = batch.timeNanos[0];
                    }
                    recording.read(batch.size, batch.timeNanos[batch.size - 1]);
                    return true;
                }
                batch.clear();
                copyExhausted = true;
                moreCopies = recording.copyEnded();
            }
            if (!looping || !moreCopies || recording.nextOffsetNanos() + firstRowNanos > horizonNanos) {
                return false;
            }
            nextCopy();
        }
    }

    private void nextCopy() {
        recording.nextCopy();
        shiftNanos = recording.offsetNanos();
        copyStartRow = rowsRead;
        copyExhausted = false;
    }

    private void submitNextRow(long nowNanos) {
        int i = cursor++;
        long row = rowsRead++ - copyStartRow;
        long t = batch.timeNanos[i] + shiftNanos;
        int q = batch.queue[i];
        long service = batch.serviceNanos[i];
        if (t < lastTraceNanos) {
            throw new TraceFormatException(recording.reader().path(), -1, row, "t_ns", "time decreases: " + t + " after " + lastTraceNanos);
        }
        if (q < 0 || q >= MAX_QUEUES || (manifestQueues > 0 && q >= manifestQueues)) {
            throw new TraceFormatException(recording.reader().path(), -1, row, "queue", "queue " + q + " outside [0, "
                    + (manifestQueues > 0 ? manifestQueues : MAX_QUEUES) + ")");
        }
        if (service < 0) {
            throw new TraceFormatException(recording.reader().path(), -1, row, "service_ns", "negative service time " + service);
        }
        lastTraceNanos = t;
        feeder.queue(q, t, batch.requestId[i], service, nowNanos);
    }
}
