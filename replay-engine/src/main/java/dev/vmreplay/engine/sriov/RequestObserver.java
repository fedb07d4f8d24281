package dev.vmreplay.engine.sriov;

/** Sees every request taken from a ring and every completion, in event order (tests and debugging). */
interface RequestObserver {
    void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean viaPf);

    void completed(int queue, long requestId, long completionNanos);
}
