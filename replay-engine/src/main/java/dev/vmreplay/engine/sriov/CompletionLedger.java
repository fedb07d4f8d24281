package dev.vmreplay.engine.sriov;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;

/**
 * The integrity check of the IO replay: per queue, requests leave the ring (are fed to a device path)
 * in exactly the order the guest queued them - no request skipped or replayed when the ring positions
 * move VF -> PF -> hypervisor memory -> destination VF - and every request fed completes exactly once.
 * Responses of one queue may overtake each other, as on a device with several requests in flight.
 * A violation is a bug: it throws {@link IllegalStateException} naming queue and {@code req_id}.
 *
 * <p>Requests are identified by their ring position (0, 1, 2, ... per queue). State per queue: how many
 * were queued and fed, the position below which all completed, and the positions above it that completed
 * early (a hash set bounded by the requests in flight).
 */
final class CompletionLedger {
    private long[] queued = new long[0];
    private long[] fed = new long[0];
    private long[] completedBelow = new long[0];
    private LongOpenHashSet[] completedAhead = new LongOpenHashSet[0];
    private long completions;

    /** The guest queued a request on {@code queue}; returns its ring position. */
    long queued(int queue) {
        ensureQueue(queue);
        return queued[queue]++;
    }

    /** The request at {@code position} of {@code queue} is fed to a device path. */
    void fed(int queue, long position, long requestId) {
        ensureQueue(queue);
        if (position != fed[queue]) {
            throw new IllegalStateException("IO integrity: queue " + queue + " req_id " + requestId + " fed at ring position "
                    + position + " but the next to feed is position " + fed[queue] + " (request skipped or replayed)");
        }
        if (position >= queued[queue]) {
            throw new IllegalStateException("IO integrity: queue " + queue + " req_id " + requestId + " fed before it was queued");
        }
        fed[queue]++;
    }

    /** The request at {@code position} of {@code queue} completed. */
    void completed(int queue, long position, long requestId) {
        ensureQueue(queue);
        if (position >= fed[queue]) {
            throw new IllegalStateException("IO integrity: queue " + queue + " req_id " + requestId + " completed before it was fed");
        }
        LongOpenHashSet ahead = completedAhead[queue];
        if (position < completedBelow[queue] || ahead.contains(position)) {
            throw new IllegalStateException("IO integrity: queue " + queue + " req_id " + requestId + " completed twice");
        }
        if (position == completedBelow[queue]) {
            long next = position + 1;
            while (!ahead.isEmpty() && ahead.remove(next)) {
                next++;
            }
            completedBelow[queue] = next;
        } else {
            ahead.add(position);
        }
        completions++;
    }

    /** Throws unless every request queued has completed; names the first queue still owing one. */
    void verifyAllCompleted() {
        for (int q = 0; q < queued.length; q++) {
            if (completedBelow[q] != queued[q]) {
                throw new IllegalStateException("IO integrity: queue " + q + " has " + (queued[q] - completedBelow[q] - completedAhead[q].size())
                        + " request(s) never completed, the first at ring position " + completedBelow[q]);
            }
        }
    }

    long completions() {
        return completions;
    }

    private void ensureQueue(int queue) {
        if (queue < queued.length) {
            return;
        }
        int n = queue + 1;
        int old = queued.length;
        queued = Arrays.copyOf(queued, n);
        fed = Arrays.copyOf(fed, n);
        completedBelow = Arrays.copyOf(completedBelow, n);
        completedAhead = Arrays.copyOf(completedAhead, n);
        for (int q = old; q < n; q++) {
            completedAhead[q] = new LongOpenHashSet();
        }
    }
}
