package dev.vmreplay.engine;

import dev.vmreplay.engine.sriov.IoReplay;

/**
 * The span path: during pre-copy, held events are applied span by span instead of one at a time
 * through the held queues' tree, with exactly the result of applying them one at a time in time order.
 *
 * <p>A span is a stretch of wall time {@code [m, end)} from the earliest held event. Inside it:
 * <ul>
 *   <li>a vCPU's stall only moves its own later events, and only later: applying each vCPU's events in
 *       trace order at their wall times as they come out (stalls included) applies exactly the events
 *       that happen before {@code end};</li>
 *   <li>events of different vCPUs commute unless they write pages of one conflict key (one page, or
 *       one granule while a coarse trace over it can fire:
 *       {@link dev.vmreplay.engine.source.WriteTraces#conflictKey}), which decides who fires and whether a
 *       page ends zero; a page send commutes with writes to other keys;</li>
 *   <li>syncs, throttle sleeps and the stun act on all pages and vCPUs.</li>
 * </ul>
 * So a first pass ({@link EventSpan#collect}) records the keys each vCPU writes in the span; when two
 * vCPUs write one, the span ends at the later of the two writes and the pass runs again. The pages due
 * before {@code end} are then sent, up to a sync, a throttle sleep or a page of a written key, whose time
 * ends the span ({@link PrecopySender#sendBefore}); then each vCPU's events in the span are applied in
 * turn. Per event this replaces the tree's pop and push with two passes over the vCPU's queue, and the
 * page state the second pass touches is loaded in one burst of independent loads between them (on a
 * large guest written at random, one cache miss after another is what costs).
 *
 * <p>An IO replay runs on its own clock and is only read by the migration after being advanced to the
 * time it reads it at (switch-over, stun), so it is advanced once per span instead of once per event.
 */
final class SpanPath {
    private static final long NEVER = Long.MAX_VALUE;
    /** Events read between two runs of the span path (at least; four per vCPU on larger guests). */
    private static final int SPAN_EVERY = 128;
    /**
     * Guests with more vCPUs take the event-by-event path: the span path walks every vCPU's queue twice
     * per span, the tournament tree only log2(vCPUs) levels per event.
     */
    private static final int MAX_SPAN_VCPUS = 64;
    private static final long MAX_SPAN_CAP_NANOS = 1_000_000_000L;
    /** Times a span is shortened to end before a conflict before its events go one at a time. */
    private static final int MAX_SPAN_SHRINKS = 4;
    /**
     * Spans in a row that end up going one event at a time (vCPUs writing the same pages all the time)
     * before the span path is left alone for {@link #SPANS_OFF_EVENTS} events read: bounds what failed
     * spans cost over the event-by-event path.
     */
    private static final int MAX_FAILED_SPANS = 8;
    private static final long SPANS_OFF_EVENTS = 1 << 16;

    private final GuestEvents events;
    private final StallClock clock;
    private final VcpuQueues held;
    private final long[] stall;
    private final SourcePages source;
    private final MigrationTimeline timeline;
    private final IoReplay io;
    /** Apply every event on its own in time order (the reference the span path is tested against). */
    private final boolean eventByEvent;
    private final int vcpus;
    private final int spanEvery;
    private final EventSpan span;

    /** Events read since the span path last ran. */
    private int unspanned;
    /** The span path is off until this many events have been read. */
    private long spansOffUntil;
    private int failedSpans;
    /** Times the span path rested (tests check it does). */
    private int rests;
    /** Trace time (shifted) of the last event read: no unread event happens before it plus the least stall. */
    private long lastReadNanos;
    /** Events applied by the span path (tests check it is taken). */
    private long spannedEvents;
    /** Widest span, ns: halved when a span's writes have more keys than {@link SpanKeys#LIMIT}. */
    private long spanCap = MAX_SPAN_CAP_NANOS;

    SpanPath(GuestEvents events, StallClock clock, SourcePages source, MigrationTimeline timeline, IoReplay io,
             boolean eventByEvent) {
        this.events = events;
        this.clock = clock;
        this.held = clock.held();
        this.stall = clock.stalls();
        this.source = source;
        this.timeline = timeline;
        this.io = io;
        this.eventByEvent = eventByEvent;
        this.vcpus = clock.vcpus();
        this.spanEvery = Math.max(SPAN_EVERY, 4 * vcpus);
        this.span = new EventSpan(held, stall);
    }

    /**
     * Whether held events go through the span path: during pre-copy, where a guest event touches only
     * source-page and trace state and stalls only its own vCPU, on guests of at most
     * {@link #MAX_SPAN_VCPUS} vCPUs.
     */
    boolean applies() {
        return !eventByEvent && timeline.phase() == MigrationTimeline.Phase.PRECOPY && vcpus <= MAX_SPAN_VCPUS;
    }

    /** {@link #applies()}, and the span path is not resting after failing in a row. */
    boolean on() {
        return applies() && events.eventsRead() >= spansOffUntil;
    }

    /** Holds an event read while events are held; runs the spans every so many events. False when the replay is over. */
    boolean hold(long t, int v, long gpa, int len, byte op, int copy) {
        held.pushQuiet(v, t, gpa, len, op, copy);
        lastReadNanos = t;
        if (++unspanned < spanEvery) {
            return true;
        }
        unspanned = 0;
        return applySpans(false);
    }

    /**
     * Applies the held events that happen before any unread one can (all of them when {@code draining}),
     * span by span; false when the replay is over.
     */
    boolean applySpans(boolean draining) {
        while (held.total() > 0) {
            if (!on()) {
                return true; // the phase changed, or spans keep failing: the event-by-event path takes over
            }
            long bound = draining ? NEVER : lastReadNanos + clock.minStall();
            long m = held.minHeadWall();
            if (m >= bound) {
                return true;
            }
            if (timeline.nextStepNanos() <= m) {
                // the migration up to the first event happens before it (and may stall vCPUs): pick again
                if (!timeline.advanceTo(m)) {
                    return false;
                }
                continue;
            }
            long end = bound - m > spanCap ? m + spanCap : bound;
            long r = span.collect(end, source.traces());
            for (int tries = 0; r != EventSpan.CLEAN && tries < MAX_SPAN_SHRINKS; tries++) {
                long shorter;
                if (r == EventSpan.FULL) {
                    spanCap = Math.max(1, (end - m) / 2);
                    shorter = m + (end - m) / 2;
                } else {
                    shorter = r; // two vCPUs write one key: end before the later write
                }
                if (shorter <= m) {
                    break;
                }
                end = shorter;
                r = span.collect(end, source.traces());
            }
            if (r != EventSpan.CLEAN) {
                // the conflict is at the first event's time, or the span will not come clean: event by event
                if (!events.catchUp(end - 1)) {
                    return false;
                }
                if (++failedSpans == MAX_FAILED_SPANS) {
                    failedSpans = 0;
                    spansOffUntil = events.eventsRead() + SPANS_OFF_EVENTS;
                    rests++;
                }
                continue;
            }
            failedSpans = 0;
            events.prefetch(span.touchPages(source.stale));
            long stop = timeline.precopy().sendBefore(end, span);
            timeline.nextStepAt(stop);
            applySpan(Math.min(stop, end));
            io.advanceTo(clock.now());
            if (span.keys() < SpanKeys.LIMIT / 4 && spanCap < MAX_SPAN_CAP_NANOS) {
                spanCap <<= 1;
            }
        }
        return true;
    }

    /**
     * Second pass: applies, vCPU by vCPU, the span's events that happen before {@code cut} at their wall
     * times as the vCPU's own stalls move them.
     */
    private void applySpan(long cut) {
        for (int v = 0; v < vcpus; v++) {
            int n = span.events(v);
            if (n == 0) {
                continue;
            }
            long[] e = held.buffer(v);
            int mask = e.length / 3 - 1;
            int h = held.headIndex(v);
            int k = 0;
            for (; k < n; k++) {
                int i = 3 * ((h + k) & mask);
                long wall = e[i] + stall[v];
                if (wall >= cut) {
                    break; // and so are the vCPU's later events
                }
                long lenOp = e[i + 2];
                events.apply(wall, v, e[i + 1], VcpuQueues.lengthOf(lenOp), (byte) lenOp, VcpuQueues.copyOf(lenOp));
            }
            held.dropHead(v, k);
            spannedEvents += k;
        }
        clock.advance(events.lastEventNanos());
    }

    /** Events the span path applied so far. */
    long spannedEvents() {
        return spannedEvents;
    }

    /** Times the span path was left alone after failing spans in a row. */
    int rests() {
        return rests;
    }
}
