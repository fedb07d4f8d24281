package dev.vmreplay.engine.sriov;

/**
 * One queue's request ring: requests the guest has queued and no device path has taken yet, in queue
 * order. Primitive columns in a growable circular buffer.
 */
final class RequestRing {
    private long[] traceNanos = new long[16];
    private long[] requestId = new long[16];
    private long[] serviceNanos = new long[16];
    private long[] position = new long[16];
    private boolean[] delayed = new boolean[16];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(long trace, long id, long service, long ringPosition, boolean isDelayed) {
        if (size == traceNanos.length) {
            grow();
        }
        int i = (head + size) & (traceNanos.length - 1);
        traceNanos[i] = trace;
        requestId[i] = id;
        serviceNanos[i] = service;
        position[i] = ringPosition;
        delayed[i] = isDelayed;
        size++;
    }

    long headTraceNanos() {
        return traceNanos[head];
    }

    long headRequestId() {
        return requestId[head];
    }

    long headServiceNanos() {
        return serviceNanos[head];
    }

    long headPosition() {
        return position[head];
    }

    boolean headDelayed() {
        return delayed[head];
    }

    void removeHead() {
        head = (head + 1) & (traceNanos.length - 1);
        size--;
    }

    /** Every request now waiting is delayed by the migration (the VF stopped being fed). */
    void markAllDelayed() {
        for (int k = 0; k < size; k++) {
            delayed[(head + k) & (traceNanos.length - 1)] = true;
        }
    }

    private void grow() {
        int n = traceNanos.length * 2;
        traceNanos = unwrap(traceNanos, n);
        requestId = unwrap(requestId, n);
        serviceNanos = unwrap(serviceNanos, n);
        position = unwrap(position, n);
        boolean[] d = new boolean[n];
        for (int k = 0; k < size; k++) {
            d[k] = delayed[(head + k) & (delayed.length - 1)];
        }
        delayed = d;
        head = 0;
    }

    private long[] unwrap(long[] a, int n) {
        long[] b = new long[n];
        int firstPart = Math.min(size, a.length - head);
        System.arraycopy(a, head, b, 0, firstPart);
        System.arraycopy(a, 0, b, firstPart, size - firstPart);
        return b;
    }
}
