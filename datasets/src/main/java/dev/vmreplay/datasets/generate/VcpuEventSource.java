package dev.vmreplay.datasets.generate;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;

/**
 * Per-vCPU event streams of a memory workload. Each vCPU is asked for its next event time, then to
 * append that event, alternately; calls for one vCPU never depend on the others, which is what makes
 * the merged output independent of interleaving.
 */
abstract class VcpuEventSource {
    /** No more events on this vCPU. */
    static final long END = Long.MAX_VALUE;

    /** Time of this vCPU's next event, not before its previous one, or {@link #END}. */
    abstract long nextEventNanos(int vcpu);

    /** Appends this vCPU's event at {@code tNanos} to {@code batch}. */
    abstract void appendEvent(int vcpu, long tNanos, MemoryBatch batch);

    /** Merges every vCPU's events before {@code durationNanos} in time order into {@code out}. */
    static long drive(VcpuEventSource source, int vcpus, long durationNanos, MemoryTraceWriter out) {
        TimeOrderedMerge merge = new TimeOrderedMerge(vcpus);
        for (int v = 0; v < vcpus; v++) {
            long t = source.nextEventNanos(v);
            if (t < durationNanos) {
                merge.add(v, t);
            }
        }
        MemoryBatch batch = new MemoryBatch();
        long rows = 0;
        while (!merge.isEmpty()) {
            int v = merge.peekStream();
            source.appendEvent(v, merge.peekNanos(), batch);
            if (batch.size >= batch.capacity()) {
                out.write(batch);
                rows += batch.size;
                batch.clear();
            }
            long next = source.nextEventNanos(v);
            if (next < durationNanos) {
                merge.advanceHead(next);
            } else {
                merge.removeHead();
            }
        }
        if (batch.size > 0) {
            out.write(batch);
            rows += batch.size;
        }
        return rows;
    }
}
