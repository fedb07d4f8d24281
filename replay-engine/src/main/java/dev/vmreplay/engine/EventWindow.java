package dev.vmreplay.engine;

import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.engine.source.WriteTraces;
import dev.vmreplay.trace.MemoryBatch;

/**
 * The first pass of the replay's window path ({@code Replay.applyWindows}): which held events of each
 * vCPU happen before the window's end, which conflict keys they write ({@link WriteTraces#conflictKey}),
 * whether two vCPUs write one, and the page state to load before the events are applied.
 */
final class EventWindow {
    /** {@link #collect}: no two vCPUs write one key in the window. */
    static final long CLEAN = WindowKeys.ADDED;
    /** {@link #collect}: the window's writes have more than {@link WindowKeys#LIMIT} keys. */
    static final long FULL = WindowKeys.FULL;
    /** Events of each vCPU past the window (at least) whose page state is loaded a window ahead. */
    private static final int AHEAD_MIN = 2;

    private final VcpuQueues held;
    /** The replay's per-vCPU stalls, ns (read, never written here). */
    private final long[] stall;
    private final int[] inWindow;
    private final WindowKeys keys = new WindowKeys();
    /** First pages of the window's writes (and of each vCPU's next events), loaded before the second pass. */
    private final long[] pages = new long[2 * WindowKeys.LIMIT];
    private int pageCount;

    EventWindow(VcpuQueues held, long[] stall) {
        this.held = held;
        this.stall = stall;
        this.inWindow = new int[stall.length];
    }

    /**
     * Counts each vCPU's held events before {@code end} (at the stalls as they are now) and records the
     * keys they write; returns {@link #CLEAN}, {@link #FULL}, or, when two vCPUs write one key, the later
     * wall time of the two writes (>= 0): a window ending there holds only one of them.
     */
    long collect(long end, WriteTraces traces) {
        WindowKeys k = keys;
        k.reset();
        pageCount = 0;
        for (int v = 0; v < inWindow.length; v++) {
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
                        if (r != WindowKeys.ADDED) {
                            return r == WindowKeys.FULL ? r : Math.max(r, wall);
                        }
                    }
                }
                // the vCPU's next events, likely in the next window: their page state is loaded with this
                // window's, a window ahead of use
                int ahead = Math.min(c, n + Math.max(n, AHEAD_MIN));
                for (int j = n; j < ahead && pageCount < pages.length; j++) {
                    pages[pageCount++] = e[3 * ((h + j) & mask) + 1] >>> 12;
                }
            }
            inWindow[v] = n;
        }
        return CLEAN;
    }

    /** Events of vCPU {@code v} in the window (after a {@link #CLEAN} {@link #collect}). */
    int events(int v) {
        return inWindow[v];
    }

    /** Keys the window's writes have. */
    int keys() {
        return keys.size();
    }

    /** Whether a write in the window has conflict key {@code key}. */
    boolean writes(long key) {
        return keys.contains(key);
    }

    /**
     * Loads the page state of the window's writes from {@code state} in one loop of independent loads
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
