package dev.vmreplay.engine;

import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.trace.MemoryBatch;

/**
 * The first pass of the replay's span path ({@code SpanPath.applySpans}): which held events of each
 * vCPU happen before the span's end, which conflict keys they write ({@link WriteTraces#conflictKey}),
 * whether two vCPUs write one, and the page state to load before the events are applied.
 */
final class EventSpan {
    /** {@link #collect}: no two vCPUs write one key in the span. */
    static final long CLEAN = SpanKeys.ADDED;
    /** {@link #collect}: the span's writes have more than {@link SpanKeys#LIMIT} keys. */
    static final long FULL = SpanKeys.FULL;
    /** Events of each vCPU past the span (at least) whose page state is loaded a span ahead. */
    private static final int AHEAD_MIN = 2;

    private final VcpuQueues held;
    /** The replay's per-vCPU stalls, ns (read, never written here). */
    private final long[] stall;
    private final int[] inSpan;
    private final SpanKeys keys = new SpanKeys();
    /** First pages of the span's writes (and of each vCPU's next events), loaded before the second pass. */
    private final long[] pages = new long[2 * SpanKeys.LIMIT];
    private int pageCount;

    EventSpan(VcpuQueues held, long[] stall) {
        this.held = held;
        this.stall = stall;
        this.inSpan = new int[stall.length];
    }

    /**
     * Counts each vCPU's held events before {@code end} (at the stalls as they are now) and records the
     * keys they write; returns {@link #CLEAN}, {@link #FULL}, or, when two vCPUs write one key, the later
     * wall time of the two writes (>= 0): a span ending there holds only one of them.
     */
    long collect(long end, WriteTraces traces) {
        SpanKeys k = keys;
        k.reset();
        pageCount = 0;
        for (int v = 0; v < inSpan.length; v++) {
            int n = 0;
            int c = held.count(v);
            if (c > 0) {
                long s = stall[v];
                long[] e = held.buffer(v);
                int mask = e.length / 3 - 1;
                int h = held.headIndex(v);
                for (; n < c; n++) {
                    int i = 3 * ((h + n) & mask);
                    long wall = e[i] + s;
                    if (wall >= end) {
                        break;
                    }
                    long lenOp = e[i + 2];
                    if ((byte) lenOp == MemoryBatch.OP_READ) {
                        continue; // before resume a read changes nothing
                    }
                    long gpa = e[i + 1];
                    long first = gpa >>> 12;
                    long last = (gpa + VcpuQueues.lengthOf(lenOp) - 1) >>> 12;
                    if (pageCount < pages.length) {
                        pages[pageCount++] = first;
                    }
                    for (long p = first; p <= last; p++) {
                        long r = k.add(traces.conflictKey(p), v, wall);
                        if (r != SpanKeys.ADDED) {
                            return r == SpanKeys.FULL ? r : Math.max(r, wall);
                        }
                    }
                }
                // the vCPU's next events, likely in the next span: their page state is loaded with this
                // span's, a span ahead of use
                int ahead = Math.min(c, n + Math.max(n, AHEAD_MIN));
                for (int j = n; j < ahead && pageCount < pages.length; j++) {
                    pages[pageCount++] = e[3 * ((h + j) & mask) + 1] >>> 12;
                }
            }
            inSpan[v] = n;
        }
        return CLEAN;
    }

    /** Events of vCPU {@code v} in the span (after a {@link #CLEAN} {@link #collect}). */
    int events(int v) {
        return inSpan[v];
    }

    /** Keys the span's writes have. */
    int keys() {
        return keys.size();
    }

    /** Whether a write in the span has conflict key {@code key}. */
    boolean writes(long key) {
        return keys.contains(key);
    }

    /**
     * Loads the page state of the span's writes from {@code state} in one loop of independent loads
     * (see {@link Bitmap#touchPage}); returns a value depending on all of them, to keep the loads.
     */
    long touchPages(Bitmap state) {
        long acc = 0;
        for (int i = 0; i < pageCount; i++) {
            acc += state.touchPage(pages[i]);
        }
        return acc;
    }
}
