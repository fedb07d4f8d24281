package dev.vmreplay.engine.sriov;

import java.util.Arrays;

/**
 * The device side of the IO replay: the per-queue request rings, the requests in flight, and the path
 * that feeds them - the VF (as soon as a request is queued and its queue has room), nothing (quiesce,
 * stun), or the PF path (one request at a time, at most {@code sriov.pf-max-rate} per second, oldest ring
 * head first, ties to the lowest queue, {@code sriov.pf-extra-latency} slower). Every request taken and
 * completed goes through the {@link CompletionLedger}. A {@link VfHandover} steers it through
 * {@link HandoverPort}; {@link SriovIoReplay} drives its events in time order.
 */
final class RingFeeder implements HandoverPort {
    private enum FeedPath { VF, NOT_FED, PF }

    private final int queueDepth;
    private final long pfExtraLatencyNanos;
    private final long pfFeedIntervalNanos;
    private final long stateMoveNanos;

    private RequestRing[] rings = new RequestRing[0];
    private int[] inFlightPerQueue = new int[0];
    private final InFlightRequests inFlight = new InFlightRequests();
    private final CompletionLedger ledger = new CompletionLedger();

    private FeedPath path = FeedPath.VF;
    private long pfStartNanos = Long.MAX_VALUE;
    private long pfNextFeedNanos = Long.MIN_VALUE;
    /** The queue the PF path feeds next, as found by {@link #nextFeedNanos}; -1 when none. */
    private int pfQueue = -1;

    private RequestObserver observer;
    private long queuedRequests;
    private long delayedRequests;
    private long pfRequests;

    RingFeeder(SriovSpec spec, int queueDepth, int queues) {
        this.queueDepth = queueDepth;
        this.pfExtraLatencyNanos = spec.pfExtraLatencyNanos();
        this.pfFeedIntervalNanos = spec.pfFeedIntervalNanos();
        this.stateMoveNanos = spec.vfStateMoveCostNanos();
        ensureQueue(Math.max(queues, 1) - 1);
    }

    void observe(RequestObserver requestObserver) {
        observer = requestObserver;
    }

    // ---- HandoverPort ----

    @Override
    public void stopFeeding() {
        path = FeedPath.NOT_FED;
        pfStartNanos = Long.MAX_VALUE;
        for (RequestRing ring : rings) {
            ring.markAllDelayed();
        }
    }

    @Override
    public long latestOutstandingCompletionNanos() {
        return inFlight.latestCompletionNanos();
    }

    @Override
    public void feedThroughPfFrom(long startNanos) {
        if (path != FeedPath.NOT_FED) {
            throw new IllegalStateException("PF path started while the VF is still fed");
        }
        pfStartNanos = startNanos;
    }

    @Override
    public long stateMoveNanos() {
        return stateMoveNanos;
    }

    // ---- events, in time order ----

    /** The earliest completion in flight, {@code Long.MAX_VALUE} when nothing is. */
    long nextCompletionNanos() {
        return inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.firstCompletionNanos();
    }

    /**
     * The next feeding event at or after {@code clockNanos} that is not a reaction to a submit or a
     * completion: the PF path taking over, or its next feed; {@code Long.MAX_VALUE} when none.
     */
    long nextFeedNanos(long clockNanos) {
        if (path == FeedPath.NOT_FED) {
            return pfStartNanos;
        }
        if (path == FeedPath.PF) {
            pfQueue = pfCandidate();
            if (pfQueue >= 0) {
                return Math.max(pfNextFeedNanos, clockNanos);
            }
        }
        return Long.MAX_VALUE;
    }

    /** Runs the event {@link #nextFeedNanos} announced, at {@code nowNanos}. */
    void feed(long nowNanos) {
        if (path == FeedPath.NOT_FED) {
            path = FeedPath.PF;
            pfStartNanos = Long.MAX_VALUE;
        } else {
            feedPf(pfQueue, nowNanos);
        }
    }

    /** The guest queues a request at {@code nowNanos} (its trace time is {@code traceNanos}, maybe earlier). */
    void queue(int q, long traceNanos, long requestId, long serviceNanos, long nowNanos) {
        ensureQueue(q);
        long position = ledger.queued(q);
        queuedRequests++;
        boolean delayed = nowNanos > traceNanos || path != FeedPath.VF;
        rings[q].add(traceNanos, requestId, serviceNanos, position, delayed);
        if (path == FeedPath.VF) {
            feedVf(q, nowNanos);
        }
    }

    /** Completes the earliest request in flight at {@code nowNanos}; returns its trace time. */
    long completeNext(long nowNanos) {
        int slot = inFlight.first();
        int q = inFlight.queue(slot);
        long trace = inFlight.traceNanos(slot);
        ledger.completed(q, inFlight.position(slot), inFlight.requestId(slot));
        if (observer != null) {
            observer.completed(q, inFlight.requestId(slot), nowNanos);
        }
        inFlight.removeFirst();
        inFlightPerQueue[q]--;
        if (path == FeedPath.VF) {
            feedVf(q, nowNanos);
        }
        return trace;
    }

    /** The guest runs at the destination from {@code nowNanos}: the VF takes what waits in the rings. */
    void feedVfFrom(long nowNanos) {
        path = FeedPath.VF;
        for (int q = 0; q < rings.length; q++) {
            feedVf(q, nowNanos);
        }
    }

    /** Throws unless every request queued was taken from its ring and completed exactly once. */
    void verifyAllCompleted() {
        for (int q = 0; q < rings.length; q++) {
            if (!rings[q].isEmpty()) {
                throw new IllegalStateException("IO integrity: queue " + q + " req_id " + rings[q].headRequestId()
                        + " was queued but never taken from the ring");
            }
        }
        ledger.verifyAllCompleted();
        if (ledger.completions() != queuedRequests) {
            throw new IllegalStateException("IO integrity: " + queuedRequests + " requests queued, " + ledger.completions() + " completed");
        }
    }

    // ---- counts ----

    long queuedRequests() {
        return queuedRequests;
    }

    long completedRequests() {
        return ledger.completions();
    }

    long delayedRequests() {
        return delayedRequests;
    }

    long pfRequests() {
        return pfRequests;
    }

    int queueDepth() {
        return queueDepth;
    }

    // ---- feeding ----

    private void feedVf(int q, long nowNanos) {
        RequestRing ring = rings[q];
        while (!ring.isEmpty() && inFlightPerQueue[q] < queueDepth) {
            take(q, nowNanos, ring.headServiceNanos(), false);
        }
    }

    private void feedPf(int q, long nowNanos) {
        pfRequests++;
        take(q, nowNanos, rings[q].headServiceNanos() + pfExtraLatencyNanos, true);
        pfNextFeedNanos = nowNanos + pfFeedIntervalNanos;
    }

    private void take(int q, long nowNanos, long serviceNanos, boolean viaPf) {
        RequestRing ring = rings[q];
        long id = ring.headRequestId();
        ledger.fed(q, ring.headPosition(), id);
        if (viaPf || ring.headDelayed()) {
            delayedRequests++;
        }
        inFlight.add(nowNanos + serviceNanos, q, ring.headPosition(), id, ring.headTraceNanos());
        if (observer != null) {
            observer.taken(q, id, ring.headTraceNanos(), nowNanos, nowNanos + serviceNanos, viaPf);
        }
        inFlightPerQueue[q]++;
        ring.removeHead();
    }

    /** The queue whose ring head waited longest among those with room in flight; -1 when none. */
    private int pfCandidate() {
        int best = -1;
        long bestTrace = Long.MAX_VALUE;
        for (int q = 0; q < rings.length; q++) {
            RequestRing ring = rings[q];
            if (!ring.isEmpty() && inFlightPerQueue[q] < queueDepth && ring.headTraceNanos() < bestTrace) {
                best = q;
                bestTrace = ring.headTraceNanos();
            }
        }
        return best;
    }

    private void ensureQueue(int q) {
        if (q < rings.length) {
            return;
        }
        int old = rings.length;
        rings = Arrays.copyOf(rings, q + 1);
        inFlightPerQueue = Arrays.copyOf(inFlightPerQueue, q + 1);
        for (int k = old; k <= q; k++) {
            rings[k] = new RequestRing();
        }
    }
}
