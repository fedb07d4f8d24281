package dev.vmreplay.engine.destination;

/**
 * The destination CPU that receives pages, writes zeros and creates mappings, modelled as one
 * first-come first-served server: work that becomes ready at {@code t} starts at
 * {@code max(t, free)}. When it cannot keep up its finish times run ahead of the arrivals, and the
 * engine must wait for them - that is how a slow destination slows the transfer.
 */
final class DestinationCpu {
    private long freeAtNanos = Long.MIN_VALUE;
    private long busyNanos;

    /** Runs {@code workNanos} of work ready at {@code readyNanos}; returns its finish time. */
    long run(long readyNanos, long workNanos) {
        if (workNanos == 0) {
            return readyNanos;
        }
        long start = Math.max(readyNanos, freeAtNanos);
        freeAtNanos = start + workNanos;
        busyNanos += workNanos;
        return freeAtNanos;
    }

    /** Total work done so far, ns. */
    long busyNanos() {
        return busyNanos;
    }
}
