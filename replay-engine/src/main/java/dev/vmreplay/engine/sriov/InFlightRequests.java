package dev.vmreplay.engine.sriov;

import java.util.Arrays;

/**
 * Requests a device path is working on, ordered by completion time (ties by queue, then ring
 * position, so the order never depends on anything but the trace). A binary min-heap over slot
 * indices into primitive columns; slots are recycled.
 */
final class InFlightRequests {
    private long[] completionNanos = new long[64];
    private int[] queue = new int[64];
    private long[] position = new long[64];
    private long[] requestId = new long[64];
    private long[] traceNanos = new long[64];
    private int[] heap = new int[64];
    private int size;
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int slotsUsed;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(long completion, int q, long ringPosition, long id, long trace) {
        int slot = allocate();
        completionNanos[slot] = completion;
        queue[slot] = q;
        position[slot] = ringPosition;
        requestId[slot] = id;
        traceNanos[slot] = trace;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        heap[i] = slot;
        siftUp(i);
    }

    /** Slot of the earliest completion; valid until the next {@link #removeFirst}. */
    int first() {
        return heap[0];
    }

    long firstCompletionNanos() {
        return completionNanos[heap[0]];
    }

    long completionNanos(int slot) {
        return completionNanos[slot];
    }

    int queue(int slot) {
        return queue[slot];
    }

    long position(int slot) {
        return position[slot];
    }

    long requestId(int slot) {
        return requestId[slot];
    }

    long traceNanos(int slot) {
        return traceNanos[slot];
    }

    void removeFirst() {
        int slot = heap[0];
        size--;
        if (size > 0) {
            heap[0] = heap[size];
            siftDown(0);
        }
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    /** Latest completion time of anything in flight, or {@code Long.MIN_VALUE} when nothing is. */
    long latestCompletionNanos() {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            latest = Math.max(latest, completionNanos[heap[i]]);
        }
        return latest;
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == completionNanos.length) {
            int n = slotsUsed * 2;
            completionNanos = Arrays.copyOf(completionNanos, n);
            queue = Arrays.copyOf(queue, n);
            position = Arrays.copyOf(position, n);
            requestId = Arrays.copyOf(requestId, n);
            traceNanos = Arrays.copyOf(traceNanos, n);
        }
        return slotsUsed++;
    }

    private boolean less(int a, int b) {
        if (completionNanos[a] != completionNanos[b]) {
            return completionNanos[a] < completionNanos[b];
        }
        if (queue[a] != queue[b]) {
            return queue[a] < queue[b];
        }
        return position[a] < position[b];
    }

    private void siftUp(int i) {
        int slot = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(slot, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = slot;
    }

    private void siftDown(int i) {
        int slot = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], slot)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = slot;
    }
}
