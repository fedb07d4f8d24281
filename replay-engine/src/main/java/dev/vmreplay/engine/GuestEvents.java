package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.MemoryBatch;

/**
 * The hot path: the guest's events, taken in trace order, applied in the order they happen. An event
 * of a vCPU recorded at {@code t} happens at {@code t + stall} ({@link StallClock}); since
 * {@code t + min(stall)} bounds every event not yet read, the migration is advanced to that bound
 * before an event is applied, and events of vCPUs stalled beyond it wait in the held queues until the
 * clock reaches them. So a slower guest really dirties less per second.
 *
 * <p>Before resume a write marks its pages at the source ({@link SourcePages#write}) and may fire a
 * write trace, which stalls the writer; after resume every access is a touch at the destination (a
 * fault, or a post-copy fetch). While pre-copy runs, held events go through the {@link SpanPath}
 * instead, which applies them span by span with the same result.
 */
final class GuestEvents {
    /**
     * Events whose page state is loaded ahead in one go ({@link dev.vmreplay.engine.source.Bitmap#touchPages}):
     * 256 events touch at most 256 cache lines, 16 KiB, which stay in L1/L2 until the events use them.
     */
    private static final int PREFETCH_EVENTS = 256;

    private final StallClock clock;
    private final VcpuQueues held;
    private final SourcePages source;
    private final MigrationTimeline timeline;
    private final DestinationModel dest;
    private final SpanPath spans;

    /** The copy of the recording being read ({@code trace.end = loop}; 0 otherwise). */
    private int copyNow;
    private long eventsRead;
    /** Wall time of the latest event applied, -1 before the first. */
    private long lastEventNanos = -1;
    /** Trace time (looped copies shifted) of the latest event applied, and 1 + its copy. */
    private long traceEndNanos;
    private int traceCopies = 1;
    /** Keeps the prefetching loads alive (never read for a result). */
    private long prefetchSink;

    /** @param eventByEvent never use the span path (tests compare the two) */
    GuestEvents(StallClock clock, SourcePages source, MigrationTimeline timeline, DestinationModel dest,
                IoReplay io, boolean eventByEvent) {
        this.clock = clock;
        this.held = clock.held();
        this.source = source;
        this.timeline = timeline;
        this.dest = dest;
        this.spans = new SpanPath(this, clock, source, timeline, io, eventByEvent);
    }

    /**
     * Takes the events of {@code b}, shifted by {@code shiftNanos}, from copy {@code copy} of the recording;
     * false when the replay is over (the post-resume window ended, or the migration was aborted).
     */
    boolean offer(MemoryBatch b, long shiftNanos, int copy) {
        copyNow = copy;
        long[] t = b.timeNanos;
        int[] v = b.vcpu;
        long[] g = b.gpa;
        int[] l = b.lengthBytes;
        byte[] o = b.op;
        int n = b.size;
        int i = 0;
        for (int chunk = 0; chunk < n; chunk += PREFETCH_EVENTS) {
            int end = Math.min(n, chunk + PREFETCH_EVENTS);
            if (held.total() == 0 || !spans.applies()) {
                // events applied as they are read (the span path loads its own)
                prefetchSink += source.stale.touchPages(g, chunk, end);
            }
            for (; i < end; i++) {
                if (!offer(t[i] + shiftNanos, v[i], g[i], l[i], o[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Takes the next event in trace order; false when the replay is over. */
    private boolean offer(long t, int v, long gpa, int len, byte op) {
        eventsRead++;
        if (held.total() > 0 && spans.on()) {
            return spans.hold(t, v, gpa, len, op, copyNow);
        }
        // Nothing held, or the span path is off: the event is applied at once when its vCPU is the least
        // stalled and has nothing waiting, else held.
        long bound;
        do {
            bound = t + clock.minStall();
            if (!catchUp(bound)) {
                return false;
            }
        } while (t + clock.minStall() != bound);
        if (clock.stall(v) == clock.minStall() && held.isEmpty(v)) {
            apply(bound, v, gpa, len, op, copyNow);
        } else {
            held.push(v, t, gpa, len, op, copyNow);
        }
        return true;
    }

    /** Applies held events due by {@code bound} in the order they happen, then advances the migration to it. */
    boolean catchUp(long bound) {
        while (held.total() > 0) {
            int v = held.earliest();
            long w = held.headWall(v);
            if (w > bound) {
                break;
            }
            if (!applyHead(v, w)) {
                return false;
            }
        }
        return timeline.advanceTo(bound);
    }

    /** The recording is over: applies every held event in the order they happen; false when the run ended first. */
    boolean drain() {
        if (spans.on() && !spans.applySpans(true)) {
            held.clear();
            return false;
        }
        while (held.total() > 0) {
            int v = held.earliest();
            if (!applyHead(v, held.headWall(v))) {
                held.clear();
                return false;
            }
        }
        return true;
    }

    /** Advances to {@code w}, the wall time of vCPU {@code v}'s head event, and applies it unless a stall moved it. */
    private boolean applyHead(int v, long w) {
        if (!timeline.advanceTo(w)) {
            return false;
        }
        if (held.headWall(v) != w) {
            return true; // a stall moved it; pick again
        }
        long gpa = held.headGpa(v);
        int len = held.headLen(v);
        byte op = held.headOp(v);
        int copy = held.headCopy(v);
        held.pop(v);
        apply(w, v, gpa, len, op, copy);
        return true;
    }

    /** Applies one guest event at {@code wall}; {@code copy} is the copy of a looped recording it comes from. */
    void apply(long wall, int v, long gpa, int len, byte op, int copy) {
        if (wall > lastEventNanos) {
            lastEventNanos = wall; // the span path applies events out of time order
        }
        long t = wall - clock.stall(v);
        if (t > traceEndNanos || (t == traceEndNanos && copy >= traceCopies)) {
            traceEndNanos = t;
            traceCopies = copy + 1;
        }
        long first = gpa >>> 12;
        long last = (gpa + len - 1) >>> 12;
        if (timeline.phase() == MigrationTimeline.Phase.RESUMED) {
            for (long p = first; p <= last; p++) {
                touchAfterResume(p, v, wall);
            }
            return;
        }
        if (op == MemoryBatch.OP_READ) {
            return;
        }
        for (long p = first; p <= last; p++) {
            source.write(p, gpa, len, op);
            WriteTraces traces = source.armedTraces();
            if (traces != null) {
                long cost = traces.onWrite(p, source.dirty);
                if (cost != 0) {
                    clock.stallVcpu(v, cost);
                }
            }
        }
    }

    private void touchAfterResume(long p, int v, long wall) {
        PostcopyPages postcopy = timeline.postcopy();
        long s = postcopy == null ? 0 : postcopy.touch(p, wall);
        s += dest.touchAfterResume(p, v, wall + s);
        if (s != 0) {
            clock.stallAfterResume(v, s);
        }
    }

    /** Keeps loads made only to bring page state into the cache (their sum is never read for a result). */
    void prefetch(long sink) {
        prefetchSink += sink;
    }

    long eventsRead() {
        return eventsRead;
    }

    /** Wall time of the latest event applied, -1 before the first. */
    long lastEventNanos() {
        return lastEventNanos;
    }

    /** Trace time (looped copies shifted) of the latest event applied. */
    long traceEndNanos() {
        return traceEndNanos;
    }

    /** Copies of the recording the applied events came from (1 + the latest event's copy). */
    int traceCopies() {
        return traceCopies;
    }

    SpanPath spans() {
        return spans;
    }
}
