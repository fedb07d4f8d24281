package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import java.util.List;

/**
 * A cyclic streaming writer, the closed-form case: vCPU v owns slice v of the working set and writes
 * its pages in order, one every {@code vcpus / rate} seconds, wrapping around. No randomness: over any
 * window of length T each vCPU dirties exactly min(its writes in T, its slice) pages, so pre-copy
 * results can be checked against a formula.
 */
final class SequentialWorkload extends RandomWritesWorkload {
    @Override
    public String name() {
        return "sequential";
    }

    @Override
    public String description() {
        return "Cyclic streaming writer (the closed-form case): vCPU v writes the pages of its own slice of "
                + "the working set (default 1GiB, contiguous) in order at rate/vcpus, evenly spaced and "
                + "wrapping around; vCPUs are staggered by 1/vcpus of a period. Deterministic: the seed only "
                + "places a scattered layout.";
    }

    @Override
    public List<ParamSpec> params() {
        return memoryParams("100k/s", "1GiB", "contiguous", "50%", "10%");
    }

    @Override
    public long writeMemory(GuestSpec guest, Params params, MemoryTraceWriter out) {
        long wsBytes = Math.min(params.bytes(WORKING_SET, guest.memoryBytes()), guest.memoryBytes());
        WorkingSet ws = new WorkingSet(guest, wsBytes, params.choice(LAYOUT).equals("scattered"));
        int vcpus = guest.vcpus();
        if (ws.pages() < vcpus) {
            throw new IllegalArgumentException("sequential: working-set must hold at least one page per vCPU ("
                    + vcpus + " pages), has " + ws.pages());
        }
        double rate = params.rate(RATE);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("sequential parameter rate must be > 0, was " + rate);
        }
        double periodNanos = 1e9 * vcpus / rate;
        long[] sliceStart = new long[vcpus];
        long[] sliceLength = new long[vcpus];
        for (int v = 0; v < vcpus; v++) {
            sliceStart[v] = ws.pages() * v / vcpus;
            sliceLength[v] = ws.pages() * (v + 1) / vcpus - sliceStart[v];
        }
        long[] nextIndex = new long[vcpus];
        VcpuEventSource source = new VcpuEventSource() {
            @Override
            long nextEventNanos(int vcpu) {
                double t = (nextIndex[vcpu] + (double) vcpu / vcpus) * periodNanos;
                return t >= 9.0e18 ? END : (long) t;
            }

            @Override
            void appendEvent(int vcpu, long tNanos, MemoryBatch batch) {
                long k = nextIndex[vcpu]++;
                long page = ws.page(sliceStart[vcpu] + k % sliceLength[vcpu]);
                batch.add(tNanos, vcpu, page * GuestSpec.PAGE_BYTES, (int) GuestSpec.PAGE_BYTES, MemoryBatch.OP_WRITE);
            }
        };
        return VcpuEventSource.drive(source, vcpus, guest.durationNanos(), out);
    }
}
