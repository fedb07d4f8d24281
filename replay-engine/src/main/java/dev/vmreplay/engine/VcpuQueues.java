package dev.vmreplay.engine;

import java.util.Arrays;

/**
 * Guest events held back because their vCPU is stalled past the replay clock: one primitive FIFO
 * per vCPU (trace order within a vCPU is kept). The replay releases them in order of
 * {@code t + stall[vcpu]} once the clock reaches that time.
 */
final class VcpuQueues {
    private long[][] time;
    private long[][] gpa;
    private int[][] len;
    private byte[][] op;
    private final int[] head;
    private final int[] count;
    private int total;

    VcpuQueues(int vcpus) {
        time = new long[vcpus][];
        gpa = new long[vcpus][];
        len = new int[vcpus][];
        op = new byte[vcpus][];
        head = new int[vcpus];
        count = new int[vcpus];
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
    }

    long headTime(int v) {
        return time[v][head[v]];
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
    }

    /** The vCPU whose head event comes first at {@code t + stall[v]} (lowest vCPU on ties), or -1. */
    int earliest(long[] stall) {
        int best = -1;
        long bestWall = Long.MAX_VALUE;
        for (int v = 0; v < count.length; v++) {
            if (count[v] != 0) {
                long w = time[v][head[v]] + stall[v];
                if (w < bestWall) {
                    bestWall = w;
                    best = v;
                }
            }
        }
        return best;
    }

    void clear() {
        Arrays.fill(count, 0);
        total = 0;
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
