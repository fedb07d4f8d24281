package dev.vmreplay.datasets.generate;

/**
 * Merges independent event streams (one per vCPU or IO queue) into time order: a binary min-heap of
 * stream indices keyed by each stream's next event time, ties broken by the lower index so the
 * order never depends on anything but the times.
 */
final class TimeOrderedMerge {
    private final int[] heap;
    private final long[] nextNanos;
    private int size;

    TimeOrderedMerge(int streams) {
        heap = new int[streams];
        nextNanos = new long[streams];
    }

    /** Adds a stream with its first event time. */
    void add(int stream, long firstNanos) {
        nextNanos[stream] = firstNanos;
        heap[size] = stream;
        siftUp(size++);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The stream whose event comes next. */
    int peekStream() {
        return heap[0];
    }

    long peekNanos() {
        return nextNanos[heap[0]];
    }

    /** Moves the head stream to its next event time. */
    void advanceHead(long nextEventNanos) {
        nextNanos[heap[0]] = nextEventNanos;
        siftDown(0);
    }

    /** Drops the head stream: it has no more events. */
    void removeHead() {
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
    }

    private boolean less(int a, int b) {
        long ta = nextNanos[a];
        long tb = nextNanos[b];
        return ta < tb || (ta == tb && a < b);
    }

    private void siftUp(int i) {
        int s = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(s, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = s;
    }

    private void siftDown(int i) {
        int s = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], s)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = s;
    }
}
