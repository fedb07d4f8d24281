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
 * about two data-dependent branches per level; every held event is pushed and popped once.
 */
final class VcpuQueues {
    private static final long EMPTY = Long.MAX_VALUE;

    private final long[][] time;
    private final long[][] gpa;
    private final int[][] len;
    private final byte[][] op;
    private final int[] head;
    private final int[] count;
    private int total;
    private final long[] stall;
    /** Trace time of each non-empty queue's head event (the key without the stall). */
    private final long[] headTime;
    /** {@code headTime[v] + stall[v]} for a non-empty queue, {@link #EMPTY} for an empty one (and for padding leaves). */
    private final long[] key;
    /** Winner tree: node {@code i} holds the winning vCPU of its subtree, leaves at {@code leaves + v}. */
    private final int[] tree;
    private final int leaves;

    VcpuQueues(int vcpus, long[] stall) {
        time = new long[vcpus][];
        gpa = new long[vcpus][];
        len = new int[vcpus][];
        op = new byte[vcpus][];
        head = new int[vcpus];
        count = new int[vcpus];
        this.stall = stall;
        headTime = new long[vcpus];
        int p = 1;
        while (p < vcpus) {
            p <<= 1;
        }
        leaves = p;
        key = new long[p];
        Arrays.fill(key, EMPTY);
        tree = new int[2 * p];
        for (int v = 0; v < p; v++) {
            tree[p + v] = v;
        }
        for (int i = p - 1; i >= 1; i--) {
            tree[i] = winner(tree[2 * i], tree[2 * i + 1]);
        }
    }

    int total() {
        return total;
    }

    boolean isEmpty(int v) {
        return count[v] == 0;
    }

    void push(int v, long t, long g, int l, byte o) {
        if (time[v] == null) {
            time[v] = new long[64];
            gpa[v] = new long[64];
            len[v] = new int[64];
            op[v] = new byte[64];
        } else if (count[v] == time[v].length) {
            grow(v);
        }
        int mask = time[v].length - 1;
        int i = (head[v] + count[v]) & mask;
        time[v][i] = t;
        gpa[v][i] = g;
        len[v][i] = l;
        op[v][i] = o;
        count[v]++;
        total++;
        if (count[v] == 1) {
            headTime[v] = t;
            key[v] = t + stall[v];
            update(v);
        }
    }

    long headTime(int v) {
        return headTime[v];
    }

    long headGpa(int v) {
        return gpa[v][head[v]];
    }

    int headLen(int v) {
        return len[v][head[v]];
    }

    byte headOp(int v) {
        return op[v][head[v]];
    }

    void pop(int v) {
        head[v] = (head[v] + 1) & (time[v].length - 1);
        count[v]--;
        total--;
        if (count[v] == 0) {
            key[v] = EMPTY;
        } else {
            headTime[v] = time[v][head[v]];
            key[v] = headTime[v] + stall[v];
        }
        update(v);
    }

    /** The vCPU whose head event comes first at {@code t + stall[v]} (lowest vCPU on ties), or -1. */
    int earliest() {
        return total == 0 ? -1 : tree[1];
    }

    /** {@code stall[v]} changed for this vCPU alone. */
    void rekey(int v) {
        if (count[v] > 0) {
            key[v] = headTime[v] + stall[v];
            update(v);
        }
    }

    /** {@code nanos} was added to every vCPU's stall: the order stays, the cached times move. */
    void shiftAll(long nanos) {
        for (int v = 0; v < count.length; v++) {
            if (count[v] > 0) {
                key[v] += nanos;
            }
        }
    }

    void clear() {
        Arrays.fill(count, 0);
        Arrays.fill(key, EMPTY);
        total = 0;
        for (int i = leaves - 1; i >= 1; i--) {
            tree[i] = winner(tree[2 * i], tree[2 * i + 1]);
        }
    }

    /** The vCPU of {@code a} and {@code b} that comes first: earlier key, then lower index. */
    private int winner(int a, int b) {
        long ka = key[a];
        long kb = key[b];
        return kb < ka || (kb == ka && b < a) ? b : a;
    }

    private void update(int v) {
        for (int i = (leaves + v) >>> 1; i >= 1; i >>>= 1) {
            tree[i] = winner(tree[2 * i], tree[2 * i + 1]);
        }
    }

    private void grow(int v) {
        int n = time[v].length;
        int h = head[v];
        time[v] = unwrap(time[v], h, n);
        gpa[v] = unwrap(gpa[v], h, n);
        len[v] = unwrap(len[v], h, n);
        op[v] = unwrap(op[v], h, n);
        head[v] = 0;
    }

    private static long[] unwrap(long[] a, int h, int n) {
        long[] b = new long[n * 2];
        System.arraycopy(a, h, b, 0, n - h);
        System.arraycopy(a, 0, b, n - h, h);
        return b;
    }

    private static int[] unwrap(int[] a, int h, int n) {
        int[] b = new int[n * 2];
        System.arraycopy(a, h, b, 0, n - h);
        System.arraycopy(a, 0, b, n - h, h);
        return b;
    }

    private static byte[] unwrap(byte[] a, int h, int n) {
        byte[] b = new byte[n * 2];
        System.arraycopy(a, h, b, 0, n - h);
        System.arraycopy(a, 0, b, n - h, h);
        return b;
    }
}
