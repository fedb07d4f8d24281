package dev.vmreplay.engine;

import java.util.Arrays;

/**
 * Guest events held back because their vCPU is stalled past the replay clock: one primitive FIFO
 * per vCPU (trace order within a vCPU is kept), and a binary heap of the non-empty vCPUs ordered by
 * the time their head event happens, {@code t + stall[vcpu]}. Keys are computed from the live
 * {@code stall} array: a stall added to every vCPU keeps the order; a stall added to one vCPU must be
 * followed by {@link #rekey}.
 */
final class VcpuQueues {
    private long[][] time;
    private long[][] gpa;
    private int[][] len;
    private byte[][] op;
    private final int[] head;
    private final int[] count;
    private int total;
    private final long[] stall;
    /** Trace time of each non-empty queue's head event (the heap's key without the stall). */
    private final long[] headTime;
    private final int[] heap;
    private final int[] heapPos;
    private int heapSize;

    VcpuQueues(int vcpus, long[] stall) {
        time = new long[vcpus][];
        gpa = new long[vcpus][];
        len = new int[vcpus][];
        op = new byte[vcpus][];
        head = new int[vcpus];
        count = new int[vcpus];
        this.stall = stall;
        headTime = new long[vcpus];
        heap = new int[vcpus];
        heapPos = new int[vcpus];
        Arrays.fill(heapPos, -1);
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
            heap[heapSize] = v;
            heapPos[v] = heapSize;
            heapSize++;
            siftUp(heapSize - 1);
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
        int i = heapPos[v];
        if (count[v] == 0) {
            heapSize--;
            heapPos[v] = -1;
            if (i != heapSize) {
                int last = heap[heapSize];
                heap[i] = last;
                heapPos[last] = i;
                siftDown(i);
                siftUp(heapPos[last]);
            }
        } else {
            headTime[v] = time[v][head[v]];
            siftDown(i); // the new head is later: it can only move down
        }
    }

    /** The vCPU whose head event comes first at {@code t + stall[v]} (lowest vCPU on ties), or -1. */
    int earliest() {
        return heapSize == 0 ? -1 : heap[0];
    }

    /** {@code stall[v]} grew for this vCPU alone: its key can only move down. */
    void rekey(int v) {
        int i = heapPos[v];
        if (i >= 0) {
            siftDown(i);
        }
    }

    void clear() {
        Arrays.fill(count, 0);
        Arrays.fill(heapPos, -1);
        heapSize = 0;
        total = 0;
    }

    private boolean before(int a, int b) {
        long wa = headTime[a] + stall[a];
        long wb = headTime[b] + stall[b];
        return wa < wb || (wa == wb && a < b);
    }

    private void siftUp(int i) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (!before(v, p)) {
                break;
            }
            heap[i] = p;
            heapPos[p] = i;
            i = parent;
        }
        heap[i] = v;
        heapPos[v] = i;
    }

    private void siftDown(int i) {
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= heapSize) {
                break;
            }
            if (c + 1 < heapSize && before(heap[c + 1], heap[c])) {
                c++;
            }
            int w = heap[c];
            if (!before(w, v)) {
                break;
            }
            heap[i] = w;
            heapPos[w] = i;
            i = c;
        }
        heap[i] = v;
        heapPos[v] = i;
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
