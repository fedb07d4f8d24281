package dev.vmreplay.engine;

import java.util.Arrays;

/**
 * Guest events held back because their vCPU is stalled past the replay clock: one primitive FIFO
 * per vCPU (trace order within a vCPU is kept), and a tournament tree over the vCPUs that always names
 * the vCPU whose head event happens first, at {@code t + stall[vcpu]} (lowest vCPU on ties). Each
 * vCPU's key is cached; a stall added to one vCPU must be followed by {@link #rekey}, a stall added to
 * every vCPU by {@link #shiftAll} (the order is unchanged, only the cached times move).
 *
 * <p>A tournament tree rather than a binary heap: an update walks a fixed log2(vCPUs) levels with one
 * comparison each, which the JIT compiles without unpredictable branches, where a heap's sift makes
 * about two data-dependent branches per level; every held event is pushed and popped once. Each node
 * holds its winner's key beside its vCPU, so an update carries the rising key in a register and loads
 * one sibling key per level (no load through the vCPU index); leaves are in vCPU order, so a tie goes
 * to the left subtree without comparing indices.
 *
 * <p>The span path ({@code SpanPath}) reads the queues directly ({@link #buffer},
 * {@link #headIndex}, {@link #count}) and adds and removes events with {@link #pushQuiet} and
 * {@link #dropHead}, which leave the tree stale; every tree operation first rebuilds a stale tree from
 * the queue heads (one pass over the vCPUs), so the two paths can be mixed freely.
 */
final class VcpuQueues {
    private static final long EMPTY = Long.MAX_VALUE;
    /** Copies of a recording the queues can tell apart (24 bits). */
    static final int MAX_COPY = (1 << 24) - 1;

    /**
     * Per vCPU a circular buffer of events, three longs each: time, gpa, and {@code copy << 40 | len << 8 | op}
     * (the copy of a looped recording, {@code trace.end = loop}, below {@link #MAX_COPY}).
     */
    private final long[][] events;
    private final int[] head;
    private final int[] count;
    private int total;
    private final long[] stall;
    /** Trace time of each non-empty queue's head event (the key without the stall). */
    private final long[] headTime;
    /**
     * Winner tree, node {@code i} covering the leaves below it (leaf of vCPU {@code v} at {@code leaves + v}):
     * the key of its subtree's winner. A leaf's key is {@code headTime[v] + stall[v]} for a non-empty queue,
     * {@link #EMPTY} for an empty one (and for padding leaves).
     */
    private final long[] key;
    /** The winning vCPU of node {@code i}'s subtree. */
    private final int[] tree;
    private final int leaves;
    /** The tree (keys and winners) does not reflect the queues: rebuilt before its next use. */
    private boolean treeStale;

    VcpuQueues(int vcpus, long[] stall) {
        events = new long[vcpus][];
        head = new int[vcpus];
        count = new int[vcpus];
        this.stall = stall;
        headTime = new long[vcpus];
        int p = 1;
        while (p < vcpus) {
            p <<= 1;
        }
        leaves = p;
        key = new long[2 * p];
        tree = new int[2 * p];
        for (int v = 0; v < p; v++) {
            tree[p + v] = v;
        }
        rebuild();
    }

    int total() {
        return total;
    }

    boolean isEmpty(int v) {
        return count[v] == 0;
    }

    void push(int v, long t, long g, int l, byte o, int copy) {
        if (treeStale) {
            rebuildFromHeads();
        }
        if (append(v, t, g, l, o, copy)) {
            key[leaves + v] = t + stall[v];
            update(v);
        }
    }

    /** As {@link #push}, leaving the tree stale (the span path). */
    void pushQuiet(int v, long t, long g, int l, byte o, int copy) {
        append(v, t, g, l, o, copy);
        treeStale = true;
    }

    /** Adds the event at the tail of vCPU {@code v}'s queue; true when it is the queue's head. */
    private boolean append(int v, long t, long g, int l, byte o, int copy) {
        long[] e = events[v];
        if (e == null) {
            e = new long[3 * 64];
            events[v] = e;
        } else if (3 * count[v] == e.length) {
            e = grow(v);
        }
        int i = 3 * ((head[v] + count[v]) & (e.length / 3 - 1));
        e[i] = t;
        e[i + 1] = g;
        e[i + 2] = lenOp(l, o, copy);
        total++;
        if (count[v]++ == 0) {
            headTime[v] = t;
            return true;
        }
        return false;
    }

    /** {@code headTime(v) + stall[v]}: when the head event of a non-empty queue happens. */
    long headWall(int v) {
        if (treeStale) {
            rebuildFromHeads();
        }
        return key[leaves + v];
    }

    /** Events queued for vCPU {@code v}. */
    int count(int v) {
        return count[v];
    }

    /**
     * vCPU {@code v}'s circular buffer (null before its first event): event {@code k} behind the head
     * is at {@code 3 * ((headIndex(v) + k) & mask)} with {@code mask = buffer.length / 3 - 1}, as time,
     * gpa, {@code len << 8 | op}.
     */
    long[] buffer(int v) {
        return events[v];
    }

    int headIndex(int v) {
        return head[v];
    }

    /** Removes vCPU {@code v}'s first {@code k} events, leaving the tree stale (the span path). */
    void dropHead(int v, int k) {
        if (k == 0) {
            return;
        }
        long[] e = events[v];
        int h = (head[v] + k) & (e.length / 3 - 1);
        head[v] = h;
        count[v] -= k;
        total -= k;
        if (count[v] > 0) {
            headTime[v] = e[3 * h];
        }
        treeStale = true;
    }

    /** The earliest {@code headTime + stall} over the non-empty queues, or {@link Long#MAX_VALUE}. */
    long minHeadWall() {
        long m = EMPTY;
        for (int v = 0; v < count.length; v++) {
            if (count[v] > 0) {
                m = Math.min(m, headTime[v] + stall[v]);
            }
        }
        return m;
    }

    long headGpa(int v) {
        return events[v][3 * head[v] + 1];
    }

    int headLen(int v) {
        return lengthOf(events[v][3 * head[v] + 2]);
    }

    byte headOp(int v) {
        return (byte) events[v][3 * head[v] + 2];
    }

    int headCopy(int v) {
        return copyOf(events[v][3 * head[v] + 2]);
    }

    /** The third long of an event: its copy, length and op. */
    static long lenOp(int len, byte op, int copy) {
        return ((long) copy << 40) | ((long) len << 8) | (op & 0xff);
    }

    static int lengthOf(long lenOp) {
        return (int) (lenOp >>> 8) & Integer.MAX_VALUE;
    }

    static int copyOf(long lenOp) {
        return (int) (lenOp >>> 40);
    }

    void pop(int v) {
        if (treeStale) {
            rebuildFromHeads();
        }
        long[] e = events[v];
        int h = (head[v] + 1) & (e.length / 3 - 1);
        head[v] = h;
        count[v]--;
        total--;
        if (count[v] == 0) {
            key[leaves + v] = EMPTY;
        } else {
            headTime[v] = e[3 * h];
            key[leaves + v] = headTime[v] + stall[v];
        }
        update(v);
    }

    /** The vCPU whose head event comes first at {@code t + stall[v]} (lowest vCPU on ties), or -1. */
    int earliest() {
        if (total == 0) {
            return -1;
        }
        if (treeStale) {
            rebuildFromHeads();
        }
        return tree[1];
    }

    /** {@code stall[v]} changed for this vCPU alone. */
    void rekey(int v) {
        if (count[v] > 0 && !treeStale) {
            key[leaves + v] = headTime[v] + stall[v];
            update(v);
        }
    }

    /** {@code nanos} was added to every vCPU's stall: the order stays, the cached times move. */
    void shiftAll(long nanos) {
        if (treeStale) {
            return; // the rebuild reads the stalls
        }
        for (int i = 1; i < key.length; i++) {
            if (key[i] != EMPTY) {
                key[i] += nanos; // a non-empty queue's leaf, or a node whose winner is one
            }
        }
    }

    void clear() {
        Arrays.fill(count, 0);
        total = 0;
        treeStale = false;
        rebuild();
    }

    /** Recomputes every leaf key from the queue heads and the stalls, then every match. */
    private void rebuildFromHeads() {
        for (int v = 0; v < count.length; v++) {
            key[leaves + v] = count[v] > 0 ? headTime[v] + stall[v] : EMPTY;
        }
        for (int i = leaves - 1; i >= 1; i--) {
            int l = 2 * i;
            // the left subtree wins ties: its vCPUs are all lower
            int w = key[l + 1] < key[l] ? l + 1 : l;
            key[i] = key[w];
            tree[i] = tree[w];
        }
        treeStale = false;
    }

    /** Every queue empty: every key {@link #EMPTY}, every node won by its lowest leaf. */
    private void rebuild() {
        Arrays.fill(key, EMPTY);
        for (int i = leaves - 1; i >= 1; i--) {
            tree[i] = tree[2 * i];
        }
    }

    /**
     * Replays the matches on the path from vCPU {@code v}'s leaf to the root. At each level the
     * sibling subtree wins on an earlier key, and on an equal key when it is the left one (its vCPUs
     * are all lower): earlier key, then lower vCPU.
     */
    private void update(int v) {
        int i = leaves + v;
        long k = key[i];
        int w = v;
        while (i > 1) {
            int s = i ^ 1;
            long ks = key[s];
            if (ks < k || (ks == k && s < i)) {
                k = ks;
                w = tree[s];
            }
            i >>>= 1;
            key[i] = k;
            tree[i] = w;
        }
    }

    private long[] grow(int v) {
        long[] e = events[v];
        int n = e.length;
        int h = 3 * head[v];
        long[] b = new long[n * 2];
        System.arraycopy(e, h, b, 0, n - h);
        System.arraycopy(e, 0, b, n - h, h);
        events[v] = b;
        head[v] = 0;
        return b;
    }
}
