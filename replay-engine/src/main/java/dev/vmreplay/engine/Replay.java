package dev.vmreplay.engine;

import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.link.Sender;
import dev.vmreplay.engine.loop.TraceCopies;
import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.engine.technique.StuckPolicy;
import dev.vmreplay.engine.technique.SwitchOverDecision;
import dev.vmreplay.engine.technique.SwitchOverRules;
import dev.vmreplay.engine.technique.SyncPoint;
import dev.vmreplay.engine.technique.SyncRule;
import dev.vmreplay.engine.technique.ThrottleGuest;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * One replay run: the mutable state of the guest, the source pages, the link and the migration, and
 * the event loop that interleaves them (DESIGN.md section 3).
 *
 * <p><b>Time.</b> One clock, in ns since trace start. A vCPU's event recorded at {@code t} happens at
 * {@code t + stall[vcpu]}: trace install, trace fire and throttling stall the vCPU that does them,
 * the stun stalls all. Events are read in trace order; {@code t + min(stall)} is a lower bound for
 * the time of every event not yet read, so the migration is advanced to that bound, and events of
 * vCPUs stalled beyond it wait in per-vCPU queues until the clock reaches them. Events are thus
 * applied in the order they happen, and a slower guest really dirties less per second.
 *
 * <p><b>Migration.</b> A sender walks the pages to send in address order at the pre-copy rate; a
 * sync takes the dirty set (at pass end or, QEMU-style, when what is left falls under the
 * threshold), the switch-over rules decide, and the stun sends the rest at full link speed, then
 * device state. Post-copy resumes at once and pulls missing pages on first touch while the rest is
 * pushed in address order.
 */
final class Replay {
    private enum Phase { WAITING, PRECOPY, PREPARING, RESUMED, ABORTED }

    private static final long NEVER = Long.MAX_VALUE;
    /**
     * Events whose page state is loaded ahead in one go ({@link Bitmap#touchPages}): 256 events touch at
     * most 256 cache lines, 16 KiB, which stay in L1/L2 until the events (or, held, a little later) use them.
     */
    private static final int PREFETCH_EVENTS = 256;
    /** QEMU 7.x re-estimates the migration bandwidth every 100 ms (BUFFER_DELAY / migration_update_counters). */
    private static final long BANDWIDTH_WINDOW_NANOS = 100_000_000L;
    /** Events read between two runs of the window path (at least; four per vCPU on larger guests). */
    private static final int WINDOW_EVERY = 128;
    /**
     * Guests with more vCPUs take the event-by-event path: the window path walks every vCPU's queue twice
     * per window, the tournament tree only log2(vCPUs) levels per event.
     */
    private static final int MAX_WINDOW_VCPUS = 64;
    private static final long MAX_WINDOW_CAP_NANOS = 1_000_000_000L;
    /** Times a window is shortened to end before a conflict before its events go one at a time. */
    private static final int MAX_WINDOW_SHRINKS = 4;
    /**
     * Windows in a row that end up going one event at a time (vCPUs writing the same pages all the time)
     * before the window path is left alone for {@link #WINDOWS_OFF_EVENTS} events read: bounds what
     * failed windows cost over the event-by-event path.
     */
    private static final int MAX_FAILED_WINDOWS = 8;
    private static final long WINDOWS_OFF_EVENTS = 1 << 16;

    private final MigrationConfig cfg;
    private final VmManifest vm;
    private final Link link;
    private final DestinationModel dest;
    private final IoReplay io;
    private final long pages;
    private final int vcpus;
    private final int installVcpus;
    private final SwitchOverRules rules;
    private final SyncRule syncRule;
    private final StuckPolicy stuckPolicy;

    // guest
    private final long[] stall;
    private long minStall;
    private final VcpuQueues held;

    // source pages and what the destination holds. A page's copy at the destination is current iff
    // no write hit the page after its last send: one bit per page ("stale") is exactly the page-version
    // comparison (destination version == source version) at 1/32 of the memory of int versions, and it
    // is kept from the writes themselves, independently of the write traces it checks.
    private final Bitmap stale;
    private final Bitmap zero;
    private final Bitmap toSend;
    private final Bitmap dirty;
    private final Bitmap smallPageArmed;
    private final PageTransfer transfer;
    private final Sender sender;
    private PostcopyPages postcopy;
    private WriteTraces traces;
    private boolean tracing;

    // clock and migration state
    private long now;
    private long nextMigrationNanos;
    private Phase phase = Phase.WAITING;
    private long cursor;
    private long remaining;
    private long lastSyncNanos;
    private long windowStartNanos;
    private long windowBytes;
    private double bandwidthEstimate;
    /** {@code bandwidthEstimate x precopy.downtime-target}, bytes: kept with the estimate, read for every page. */
    private double thresholdBytes;
    /** Time one full page takes at the pre-copy rate, ns (truncated): how far the destination may lag the sender. */
    private final long precopyPageNanos;
    private long nextThrottleTick = NEVER;

    // pass bookkeeping
    private final PassLog passes;
    private int passesDone;

    // metrics
    private long guestStall;
    private boolean converged;
    private boolean aborted;
    private long stunAt = -1;
    private long resumeAt = -1;
    private long windowEnd = NEVER;
    private long migrationEnd;
    /** Trace time (looped copies shifted) of the latest event applied, and 1 + its copy. */
    private long traceEndNanos;
    private int traceCopies = 1;
    /** The copy of the recording being read ({@code trace.end = loop}; 0 otherwise). */
    private int copyNow;
    private boolean coversWindow;
    private long lastEventNanos = -1;
    /** Keeps the prefetching loads alive (never read for a result). */
    private long prefetchSink;

    // the window path (see applyWindows)
    /** Apply every event on its own in time order (the reference the window path is tested against). */
    private final boolean eventByEvent;
    /** Events read since the window path last ran, and how many it waits for. */
    private int unwindowed;
    /** Events read so far; the window path is off until {@link #windowsOffUntil}. */
    private long eventsRead;
    private long windowsOffUntil;
    private int failedWindows;
    /** Times the window path rested (tests check it does). */
    private int windowRests;
    private final int windowEvery;
    /** Trace time (shifted) of the last event read: no unread event happens before it plus {@link #minStall}. */
    private long lastReadNanos;
    private final EventWindow window;
    /** Events applied by the window path (tests check it is taken). */
    private long windowedEvents;
    /** Widest window, ns: halved when a window's writes have more keys than {@link WindowKeys#LIMIT}. */
    private long windowCap = MAX_WINDOW_CAP_NANOS;

    Replay(VmManifest vm, MigrationConfig cfg, DestinationModel dest, IoReplay io) {
        this(vm, cfg, dest, io, false);
    }

    /** @param eventByEvent never use the window path (tests compare the two) */
    Replay(VmManifest vm, MigrationConfig cfg, DestinationModel dest, IoReplay io, boolean eventByEvent) {
        this.eventByEvent = eventByEvent;
        this.cfg = cfg;
        this.vm = vm;
        this.link = Link.of(cfg);
        this.dest = dest;
        this.io = io;
        this.pages = vm.smallPages();
        this.vcpus = vm.vcpus();
        if (cfg.traces().installVcpus() != ConfigRegistry.ALL_VCPUS && cfg.traces().installVcpus() > vcpus) {
            throw new IllegalArgumentException("configuration key 'trace.install-vcpus': invalid value '"
                    + cfg.traces().installVcpus() + "' (the guest has " + vcpus + " vCPUs); allowed: 1.." + vcpus + " or all");
        }
        this.installVcpus = cfg.traces().installVcpus() == ConfigRegistry.ALL_VCPUS ? vcpus : (int) cfg.traces().installVcpus();
        this.rules = SwitchOverRules.forConfig(cfg);
        this.syncRule = SyncRule.forConfig(cfg);
        this.stuckPolicy = StuckPolicy.forConfig(cfg);
        this.stall = new long[vcpus];
        this.held = new VcpuQueues(vcpus, stall);
        this.window = new EventWindow(held, stall);
        this.passes = new PassLog(cfg.run().migrationStartNanos());
        this.windowEvery = Math.max(WINDOW_EVERY, 4 * vcpus);
        // The bits every guest write reads or writes share cache lines (see Bitmap.interleaved).
        Bitmap[] perWrite = Bitmap.interleaved(pages, 4);
        this.stale = perWrite[0];
        this.zero = perWrite[1];
        this.dirty = perWrite[2];
        this.smallPageArmed = perWrite[3];
        for (ZeroRange r : vm.zeroRanges()) {
            zero.setRange(r.gpa() >>> 12, r.endGpa() >>> 12);
        }
        this.toSend = new Bitmap(pages);
        this.transfer = new PageTransfer(pages, link, dest, zero, stale, passes);
        this.sender = transfer.sender();
        this.nextMigrationNanos = cfg.run().migrationStartNanos();
        this.precopyPageNanos = (long) (link.pageWireBytes(false) * 1e9 / cfg.precopyRateBytesPerSec());
    }

    /**
     * Replays the guest from {@code first}; with {@code trace.end = loop} further copies come from
     * {@code reopen} (each closed here) until the run is over.
     */
    RunResult run(MemoryTraceReader first, Supplier<MemoryTraceReader> reopen, String preset, String traceName) {
        TraceCopies copies = new TraceCopies(cfg.run().traceEnd() == MigrationConfig.TraceEnd.LOOP, "memory trace");
        MemoryTraceReader trace = first;
        MemoryBatch[] batches = TraceFeed.newBatches();
        ExecutorService decoder = TraceFeed.newDecoder();
        TraceFeed feed = new TraceFeed(first, batches, decoder);
        boolean replaying = true;
        try {
            while (true) {
                long shift = copies.offsetNanos();
                copyNow = copies.copy(); // below TraceCopies.MAX_COPIES, which fits VcpuQueues' 24 bits
                MemoryBatch b;
                while (replaying && (b = feed.next()) != null) {
                    long[] t = b.timeNanos;
                    int[] v = b.vcpu;
                    long[] g = b.gpa;
                    int[] l = b.lengthBytes;
                    byte[] o = b.op;
                    int n = b.size;
                    int i = 0;
                    outer:
                    for (int chunk = 0; chunk < n; chunk += PREFETCH_EVENTS) {
                        int end = Math.min(n, chunk + PREFETCH_EVENTS);
                        if (held.total() == 0 || !windowsApply()) {
                            // events applied as they are read (the window path loads its own)
                            prefetchSink += stale.touchPages(g, chunk, end);
                        }
                        for (; i < end; i++) {
                            if (!offer(t[i] + shift, v[i], g[i], l[i], o[i])) {
                                replaying = false;
                                break outer;
                            }
                        }
                    }
                    copies.read(n, n == 0 ? 0 : t[n - 1]);
                }
                if (!replaying && copyNow == 0) {
                    // The run ended inside the recording's first read: the rest is still read (and so
                    // validated), so a trace damaged past that point fails the run instead of passing unseen.
                    while (feed.next() != null) {
                        // rows are checked as they are decoded
                    }
                }
                if (!replaying || !copies.copyEnded()) {
                    break;
                }
                copies.next();
                feed.close();
                if (trace != first) {
                    MemoryTraceReader done = trace;
                    trace = first; // closed once, even when reopening fails
                    done.close();
                }
                trace = reopen.get();
                if (!trace.manifest().equals(vm)) {
                    throw new IllegalStateException("trace.end=loop: the memory trace's manifest changed between copies");
                }
                feed = new TraceFeed(trace, batches, decoder);
            }
        } finally {
            feed.close(); // stops decoding before the reader closes
            decoder.shutdown();
            if (trace != first) {
                trace.close();
            }
        }
        if (replaying) {
            replaying = drainHeld();
        }
        // The guest's events reached the end of the run when the run (window end, abort) cut them
        // short, or when the last of them happened at or after the end of the post-resume window.
        coversWindow = !replaying || (phase == Phase.RESUMED && lastEventNanos >= windowEnd);
        finishMigration();
        if (io != null) {
            io.advanceTo(Math.max(now, migrationEnd));
            io.finish();
        }
        return result(preset, traceName);
    }

    /** Events the window path applied so far. */
    long windowedEvents() {
        return windowedEvents;
    }

    /** Times the window path was left alone after failing windows in a row. */
    int windowRests() {
        return windowRests;
    }

    // ---- the guest -------------------------------------------------------------------------

    /** Takes the next event in trace order; false when the replay is over (window ended, aborted). */
    private boolean offer(long t, int v, long gpa, int len, byte op) {
        // Nothing held (no vCPU stalled past another): the event is applied at once, below.
        eventsRead++;
        if (held.total() > 0 && windowsOn()) {
            held.pushQuiet(v, t, gpa, len, op, copyNow);
            lastReadNanos = t;
            if (++unwindowed < windowEvery) {
                return true;
            }
            unwindowed = 0;
            return applyWindows(false);
        }
        long bound;
        do {
            bound = t + minStall;
            if (!catchUp(bound)) {
                return false;
            }
        } while (t + minStall != bound);
        if (stall[v] == minStall && held.isEmpty(v)) {
            apply(bound, v, gpa, len, op, copyNow);
        } else {
            held.push(v, t, gpa, len, op, copyNow);
        }
        return true;
    }

    /** Applies held events due by {@code bound} in the order they happen, then advances the migration to it. */
    private boolean catchUp(long bound) {
        while (held.total() > 0) {
            int v = held.earliest();
            long w = held.headWall(v);
            if (w > bound) {
                break;
            }
            if (!advanceTo(w)) {
                return false;
            }
            if (held.headWall(v) != w) {
                continue; // a stall moved it; pick again
            }
            long gpa = held.headGpa(v);
            int len = held.headLen(v);
            byte op = held.headOp(v);
            int copy = held.headCopy(v);
            held.pop(v);
            apply(w, v, gpa, len, op, copy);
        }
        return advanceTo(bound);
    }

    /** Applies every held event in the order they happen; false when the run ended first (events dropped). */
    private boolean drainHeld() {
        if (windowsOn() && !applyWindows(true)) {
            held.clear();
            return false;
        }
        while (held.total() > 0) {
            int v = held.earliest();
            long w = held.headWall(v);
            if (!advanceTo(w)) {
                held.clear();
                return false;
            }
            if (held.headWall(v) != w) {
                continue;
            }
            long gpa = held.headGpa(v);
            int len = held.headLen(v);
            byte op = held.headOp(v);
            int copy = held.headCopy(v);
            held.pop(v);
            apply(w, v, gpa, len, op, copy);
        }
        return true;
    }

    // ---- the window path ---------------------------------------------------------------------

    /**
     * Whether events go through {@link #applyWindows}: during pre-copy, where a guest event touches only
     * source-page and trace state and stalls only its own vCPU, on guests of at most
     * {@link #MAX_WINDOW_VCPUS} vCPUs. An IO replay runs on its own clock and is only read by the
     * migration after being advanced to the time it reads it at (switch-over, stun), so the window path
     * advances it once per window instead of once per event.
     */
    private boolean windowsApply() {
        return !eventByEvent && phase == Phase.PRECOPY && vcpus <= MAX_WINDOW_VCPUS;
    }

    /** {@link #windowsApply()}, and the window path is not resting after failing in a row. */
    private boolean windowsOn() {
        return windowsApply() && eventsRead >= windowsOffUntil;
    }

    /**
     * Applies the held events that happen before any unread one can (all of them when {@code draining}),
     * window by window, with exactly the result of applying them one at a time in time order; false when
     * the replay is over.
     *
     * <p>A window is a span of wall time {@code [m, end)} from the earliest held event. Inside it:
     * <ul>
     *   <li>a vCPU's stall only moves its own later events, and only later: applying each vCPU's events in
     *       trace order at their wall times as they come out (stalls included) applies exactly the events
     *       that happen before {@code end};</li>
     *   <li>events of different vCPUs commute unless they write pages of one conflict key (one page, or
     *       one granule while a coarse trace over it can fire: {@link WriteTraces#conflictKey}), which
     *       decides who fires and whether a page ends zero; a page send commutes with writes to other keys;</li>
     *   <li>syncs, throttle ticks and the stun act on all pages and vCPUs.</li>
     * </ul>
     * So a first pass records the keys each vCPU writes in the window; when two vCPUs write one, the
     * window ends at the later of the two writes and the pass runs again. The pages due before {@code end}
     * are then sent, up to a sync, a tick or a page of a written key, whose time ends the window; then
     * each vCPU's events in the window are applied in turn. Per event this replaces the tournament tree's
     * pop and push with two passes over the vCPU's queue, and the page state the second pass touches is
     * loaded in one burst of independent loads between them (on a large guest written at random, one cache
     * miss after another is what costs).
     */
    private boolean applyWindows(boolean draining) {
        while (held.total() > 0) {
            if (!windowsOn()) {
                return true; // the phase changed, or windows keep failing: the event-by-event path takes over
            }
            long bound = draining ? NEVER : lastReadNanos + minStall;
            long m = held.minHeadWall();
            if (m >= bound) {
                return true;
            }
            if (nextMigrationNanos <= m) {
                // the migration up to the first event happens before it (and may stall vCPUs): pick again
                if (!advanceTo(m)) {
                    return false;
                }
                continue;
            }
            long end = bound - m > windowCap ? m + windowCap : bound;
            long r = window.collect(end, traces);
            for (int tries = 0; r != EventWindow.CLEAN && tries < MAX_WINDOW_SHRINKS; tries++) {
                long shorter;
                if (r == EventWindow.FULL) {
                    windowCap = Math.max(1, (end - m) / 2);
                    shorter = m + (end - m) / 2;
                } else {
                    shorter = r; // two vCPUs write one key: end before the later write
                }
                if (shorter <= m) {
                    break;
                }
                end = shorter;
                r = window.collect(end, traces);
            }
            if (r != EventWindow.CLEAN) {
                // the conflict is at the first event's time, or the window will not come clean: event by event
                if (!catchUp(end - 1)) {
                    return false;
                }
                if (++failedWindows == MAX_FAILED_WINDOWS) {
                    failedWindows = 0;
                    windowsOffUntil = eventsRead + WINDOWS_OFF_EVENTS;
                    windowRests++;
                }
                continue;
            }
            failedWindows = 0;
            prefetchSink += window.touchPages(stale);
            applyWindow(sendBefore(end));
            if (io != null) {
                io.advanceTo(now);
            }
            if (window.keys() < WindowKeys.LIMIT / 4 && windowCap < MAX_WINDOW_CAP_NANOS) {
                windowCap <<= 1;
            }
        }
        return true;
    }

    /**
     * Sends the pre-copy pages due before {@code end}, stopping at a sync, a throttle tick or a page whose
     * key the window writes; returns the time it stopped at ({@code end} when it did not).
     */
    private long sendBefore(long end) {
        long rate = cfg.precopyRateBytesPerSec();
        while (true) {
            long free = sender.freeAtNanos();
            long next = Math.min(free, nextThrottleTick);
            if (next >= end || nextThrottleTick <= free) {
                nextMigrationNanos = next;
                return Math.min(next, end);
            }
            if (syncRule.syncDue(remaining, thresholdBytes, free - lastSyncNanos)) {
                nextMigrationNanos = free;
                return free;
            }
            long p = toSend.nextSetBit(cursor);
            if (window.writes(traces.conflictKey(p))) {
                nextMigrationNanos = free;
                return free;
            }
            if (free > now) {
                now = free;
            }
            sendPrecopyPage(p, rate);
        }
    }

    /**
     * Second pass: applies, vCPU by vCPU, the window events that happen before {@code cut} at their wall
     * times as the vCPU's own stalls move them.
     */
    private void applyWindow(long cut) {
        for (int v = 0; v < vcpus; v++) {
            int n = window.events(v);
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
                apply(wall, v, e[i + 1], VcpuQueues.lengthOf(lenOp), (byte) lenOp, VcpuQueues.copyOf(lenOp));
            }
            held.dropHead(v, k);
            windowedEvents += k;
        }
        if (lastEventNanos > now) {
            now = lastEventNanos;
        }
    }

    /** Applies one guest event at {@code wall}; {@code copy} is the copy of a looped recording it comes from. */
    private void apply(long wall, int v, long gpa, int len, byte op, int copy) {
        if (wall > lastEventNanos) {
            lastEventNanos = wall; // the window path applies events out of time order
        }
        long t = wall - stall[v];
        if (t > traceEndNanos || (t == traceEndNanos && copy >= traceCopies)) {
            traceEndNanos = t;
            traceCopies = copy + 1;
        }
        long first = gpa >>> 12;
        long last = (gpa + len - 1) >>> 12;
        if (phase == Phase.RESUMED) {
            for (long p = first; p <= last; p++) {
                touchAfterResume(p, v, wall);
            }
            return;
        }
        if (op == MemoryBatch.OP_READ) {
            return;
        }
        for (long p = first; p <= last; p++) {
            stale.set(p);
            if (op == MemoryBatch.OP_WRITE_ZEROS) {
                long pageStart = p << 12;
                if (gpa <= pageStart && gpa + len >= pageStart + 4096) {
                    zero.set(p);
                }
            } else if (zero.get(p)) {
                zero.clear(p);
            }
            if (tracing) {
                long cost = traces.onWrite(p, dirty);
                if (cost != 0) {
                    stallVcpu(v, cost, true);
                }
            }
        }
    }

    private void touchAfterResume(long p, int v, long wall) {
        long s = postcopy == null ? 0 : postcopy.touch(p, wall);
        s += dest.touchAfterResume(p, v, wall + s);
        if (s != 0) {
            stallVcpu(v, s, false);
        }
    }

    private void stallVcpu(int v, long nanos, boolean beforeStun) {
        long old = stall[v];
        stall[v] = old + nanos;
        held.rekey(v);
        if (old == minStall) {
            long m = Long.MAX_VALUE;
            for (long s : stall) {
                m = Math.min(m, s);
            }
            minStall = m;
        }
        if (beforeStun) {
            guestStall += nanos;
            passes.stalled(nanos);
        }
    }

    /** Every vCPU pauses for {@code nanos} from now (throttle sleep, stun). */
    private void stallAll(long nanos, boolean beforeStun) {
        for (int v = 0; v < vcpus; v++) {
            stall[v] += nanos;
        }
        held.shiftAll(nanos);
        minStall += nanos;
        if (beforeStun) {
            guestStall += nanos * vcpus;
            passes.stalled(nanos * vcpus);
        }
    }

    // ---- the migration ---------------------------------------------------------------------

    /** Advances the migration to {@code x}; false when the replay of guest events is over. */
    private boolean advanceTo(long x) {
        if (x < nextMigrationNanos) {
            if (x > now) {
                now = x; // nothing of the migration is due: only the clock moves (advanceMigrationTo, inlined)
            }
        } else {
            advanceMigrationTo(x);
        }
        if (phase == Phase.ABORTED || (phase == Phase.RESUMED && x > windowEnd)) {
            return false;
        }
        if (io != null) {
            io.advanceTo(now);
        }
        return true;
    }

    private void advanceMigrationTo(long x) {
        while (nextMigrationNanos <= x) {
            long t = nextMigrationNanos;
            if (t > now) {
                now = t;
            }
            switch (phase) {
                case WAITING:
                    startMigration(t);
                    break;
                case PRECOPY:
                    precopyStep(x);
                    break;
                case PREPARING:
                    stun(t);
                    break;
                case RESUMED:
                    pushStep(x);
                    break;
                default:
                    nextMigrationNanos = NEVER;
            }
        }
        if (x > now) {
            now = x;
        }
    }

    private void finishMigration() {
        while (phase != Phase.ABORTED && !(phase == Phase.RESUMED && (postcopy == null || !postcopy.pushing()))) {
            if (nextMigrationNanos == NEVER) {
                throw new IllegalStateException("migration stalled in phase " + phase + " at " + now + " ns");
            }
            advanceMigrationTo(nextMigrationNanos);
        }
    }

    private void startMigration(long t) {
        if (io != null) {
            io.migrationStarted(t); // opens the window of io_p99_ns
        }
        switch (cfg.run().mode()) {
            case STOP_AND_COPY:
                toSend.setAll();
                stun(t);
                return;
            case POSTCOPY:
                if (cfg.precopy().postcopyPrecopyPasses() == 0) {
                    postcopySwitch(t);
                    return;
                }
                break;
            default:
                break;
        }
        phase = Phase.PRECOPY;
        traces = WriteTraces.forConfig(cfg, pages, smallPageArmed);
        tracing = true;
        toSend.setAll();
        remaining = pages;
        cursor = 0;
        lastSyncNanos = t;
        sender.startSegment(t, cfg.precopyRateBytesPerSec());
        setBandwidthEstimate(cfg.precopyRateBytesPerSec());
        windowStartNanos = t;
        windowBytes = 0;
        beginPass(t);
        chargeInstall(traces.armAll());
        nextMigrationNanos = t;
    }

    private void beginPass(long t) {
        passes.begin(t, traces);
    }

    /**
     * Installs serialise on the page-table lock (KVM's mmu_lock; vMotion before 7.0 U1 stopped every
     * vCPU for it), so each installing vCPU waits for the whole install; the others keep running.
     */
    private void chargeInstall(long installs) {
        long nanos = installs * cfg.traces().installCostNanos();
        if (nanos == 0) {
            return;
        }
        if (installVcpus == vcpus) {
            stallAll(nanos, true);
        } else {
            for (int v = 0; v < installVcpus; v++) {
                stallVcpu(v, nanos, true);
            }
        }
    }

    /** Sends pre-copy pages due by {@code x}; handles syncs and throttle ticks on the way. */
    private void precopyStep(long x) {
        long rate = cfg.precopyRateBytesPerSec();
        while (phase == Phase.PRECOPY) {
            long free = sender.freeAtNanos();
            if (nextThrottleTick <= free) {
                if (nextThrottleTick > x) {
                    nextMigrationNanos = nextThrottleTick;
                    return;
                }
                if (nextThrottleTick > now) {
                    now = nextThrottleTick;
                }
                long sleep = ThrottleGuest.sleepNanos(stuckPolicy.throttleShare());
                stallAll(sleep, true);
                nextThrottleTick += sleep + ThrottleGuest.TIMESLICE_NANOS;
                continue;
            }
            if (free > x) {
                nextMigrationNanos = free;
                return;
            }
            if (free > now) {
                now = free;
            }
            if (syncRule.syncDue(remaining, thresholdBytes, free - lastSyncNanos)) {
                sync(free);
                return;
            }
            sendPrecopyPage(toSend.nextSetBit(cursor), rate);
        }
    }

    /** Sends pre-copy page {@code p}, the next to send, when the sender is free. */
    private void sendPrecopyPage(long p, long rate) {
        toSend.clear(p);
        cursor = p + 1;
        remaining--;
        long bytes = transfer.send(p, false);
        windowBytes += bytes;
        long elapsed = sender.freeAtNanos() - windowStartNanos;
        if (elapsed >= BANDWIDTH_WINDOW_NANOS) {
            setBandwidthEstimate(windowBytes * 1e9 / elapsed);
            windowStartNanos = sender.freeAtNanos();
            windowBytes = 0;
        }
        // The destination receives into a buffer of (at least) one full page: it may still work on
        // earlier pages while the next full page is on the wire. Only a destination further behind than
        // that (during-transfer population or zero fills on a slow CPU) slows the sender.
        long ready = transfer.destReadyNanos() - link.latencyNanos() - precopyPageNanos;
        if (ready > sender.freeAtNanos()) {
            // the destination cannot keep up: it slows the sender
            sender.startSegment(ready, rate);
        }
    }

    private void setBandwidthEstimate(double bytesPerSec) {
        bandwidthEstimate = bytesPerSec;
        thresholdBytes = bytesPerSec * cfg.precopy().downtimeTargetNanos() / 1e9;
    }

    private void sync(long t) {
        long waiting = remaining;
        toSend.or(dirty);
        dirty.clearAll();
        long pending = toSend.cardinality();
        lastSyncNanos = t;
        remaining = pending;
        cursor = 0;
        passesDone++;
        double bandwidth = cfg.precopy().sync() == MigrationConfig.Sync.PASS_END && t > passes.startNanos()
                ? passes.bytes() * 1e9 / (t - passes.startNanos()) : bandwidthEstimate;
        if (bandwidth <= 0) {
            bandwidth = cfg.precopyRateBytesPerSec();
        }
        SyncPoint point = new SyncPoint(passesDone, pending, pending * Link.PAGE_BYTES, bandwidth, passes.pages(),
                transfer.bytesSent(), vm.memoryBytes(), pending - waiting);
        closePass(t, pending, false);
        if (cfg.run().mode() == MigrationConfig.Mode.POSTCOPY && passesDone >= cfg.precopy().postcopyPrecopyPasses()) {
            postcopySwitch(t);
            return;
        }
        SwitchOverDecision d = rules.decide(point);
        switch (d.kind()) {
            case SWITCH:
                converged = true;
                beginSwitchOver(t);
                return;
            case STUCK:
                switch (stuckPolicy.onStuck(point)) {
                    case ABORT:
                        abort(t);
                        return;
                    case SWITCH_OVER:
                        beginSwitchOver(t);
                        return;
                    default:
                        if (nextThrottleTick == NEVER) {
                            nextThrottleTick = t;
                        }
                        break;
                }
                break;
            default:
                break;
        }
        beginPass(t);
        chargeInstall(traces.rearm());
        nextMigrationNanos = Math.min(sender.freeAtNanos(), nextThrottleTick);
    }

    private void closePass(long end, long dirtyAtEnd, boolean finalStopAndCopy) {
        passes.close(finalStopAndCopy ? passesDone : passesDone - 1, end, dirtyAtEnd, finalStopAndCopy, traces);
    }

    private void beginSwitchOver(long t) {
        long ready = t;
        if (io != null) {
            io.advanceTo(t);
            ready = Math.max(t, io.prepareSwitchOver(t));
        }
        if (ready > t) {
            phase = Phase.PREPARING; // the guest runs on until the VF is quiet
            nextMigrationNanos = ready;
        } else {
            stun(t);
        }
    }

    private void abort(long t) {
        phase = Phase.ABORTED;
        aborted = true;
        tracing = false;
        nextThrottleTick = NEVER;
        migrationEnd = t;
        nextMigrationNanos = NEVER;
    }

    /**
     * The guest stops at {@code t}: tracing ends, the last dirty pages join those to send, the IO replay
     * stuns; returns when the VF is drained (responses still DMA into guest memory until then).
     */
    private long stopGuest(long t) {
        tracing = false;
        nextThrottleTick = NEVER;
        stunAt = t;
        long ioReady = t;
        if (io != null) {
            io.advanceTo(t);
            ioReady = Math.max(t, io.stun(t));
        }
        toSend.or(dirty);
        dirty.clearAll();
        return ioReady;
    }

    /** Stun, final stop-and-copy at full link speed, device state, destination work, resume. */
    private void stun(long t) {
        long ioReady = stopGuest(t);
        beginPass(t);
        // Responses DMA into guest memory until the VF is drained, so the final copy starts after it.
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), link.bandwidthBytesPerSec());
        for (long p = toSend.nextSetBit(0); p >= 0; p = toSend.nextSetBit(p + 1)) {
            transfer.send(p, true);
        }
        toSend.clearAll();
        remaining = 0;
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        long memoryReady = Math.max(Math.max(deviceDone, transfer.lastArrivalNanos()), transfer.destReadyNanos());
        resumeAt = memoryReady + dest.stunWorkNanos();
        checkIntegrity(transfer.everSent(), "resume");
        resume(t);
        closePass(resumeAt, 0, true);
        migrationEnd = resumeAt;
    }

    private void resume(long stunNanos) {
        dest.resume(resumeAt);
        if (io != null) {
            io.advanceTo(resumeAt);
            io.resume(resumeAt);
        }
        stallAll(resumeAt - stunNanos, false);
        if (resumeAt > now) {
            now = resumeAt;
        }
        phase = Phase.RESUMED;
        windowEnd = resumeAt + cfg.run().postResumeWindowNanos();
        nextMigrationNanos = NEVER;
    }

    /** Post-copy: stun, send device state, resume; what the destination lacks is pulled or pushed. */
    private void postcopySwitch(long t) {
        long ioReady = stopGuest(t);
        postcopy = new PostcopyPages(transfer, toSend);
        toSend.clearAll();
        remaining = 0;
        beginPass(t);
        sender.startSegment(Math.max(ioReady, sender.freeAtNanos()), link.bandwidthBytesPerSec());
        long deviceDone = transfer.sendDeviceState(cfg.run().deviceStateBytes());
        resumeAt = deviceDone + dest.stunWorkNanos();
        resume(t);
        sender.startSegment(resumeAt, link.bandwidthBytesPerSec());
        nextMigrationNanos = resumeAt;
    }

    private void pushStep(long x) {
        long next = postcopy.pushUntil(x);
        if (next != PostcopyPages.DONE) {
            nextMigrationNanos = next;
            return;
        }
        nextMigrationNanos = NEVER;
        checkIntegrity(postcopy.valid(), "the end of post-copy");
        migrationEnd = Math.max(transfer.lastArrivalNanos(), resumeAt);
        closePass(migrationEnd, 0, true);
    }

    private void checkIntegrity(Bitmap present, String when) {
        long missing = present.nextClearBit(0);
        if (missing >= 0) {
            throw new IntegrityViolation("integrity check failed at " + when + ": page " + missing
                    + " (gpa " + (missing << 12) + ") never reached the destination");
        }
        long p = stale.nextSetBit(0);
        if (p >= 0) {
            throw new IntegrityViolation("integrity check failed at " + when + ": page " + p + " (gpa " + (p << 12)
                    + ") was written at the source after its last send; the destination holds an old version");
        }
    }

    private RunResult result(String preset, String traceName) {
        long start = cfg.run().migrationStartNanos();
        long downtime = aborted || stunAt < 0 ? 0 : resumeAt - stunAt;
        Metrics m = new Metrics(
                downtime,
                migrationEnd - start,
                transfer.bytesSent(),
                passesDone,
                transfer.pagesSent(),
                transfer.zeroPages(),
                transfer.pagesResent(),
                traces == null ? 0 : traces.installs(),
                traces == null ? 0 : traces.fires(),
                guestStall,
                dest.postResumeFaults(),
                aborted ? 0 : dest.contiguityLoss(),
                io == null ? 0 : io.ioDowntimeNanos(),
                io == null ? 0 : io.ioP99Nanos(),
                io == null ? 0 : io.ioDelayed(),
                converged,
                aborted,
                traceEndNanos,
                traceCopies,
                coversWindow);
        return new RunResult(preset, traceName, m, passes.rows(), cfg.effectiveSettings());
    }
}
