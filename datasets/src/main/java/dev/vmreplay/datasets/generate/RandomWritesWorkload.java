package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.ParamSpec.Kind;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The common shape of the random-write workloads: every vCPU writes whole 4 KiB pages of a working
 * set as a Poisson process at {@code rate / vcpus}; a page is chosen uniformly or, with
 * {@code skew > 0}, by Zipf rank (rank 1 hottest). Subclasses set defaults and may vary the rate
 * over time or turn a share of the writes into writes of zeros.
 */
abstract class RandomWritesWorkload implements Workload {
    static final String RATE = "rate";
    static final String WORKING_SET = "working-set";
    static final String SKEW = "skew";
    static final String LAYOUT = "layout";
    static final String LARGE_PAGE_SHARE = "large-page-share";
    static final String LARGE_PAGE_SIZE = "large-page-size";
    static final String ZERO_MEMORY = "zero-memory";

    /** The parameters every memory workload takes, with this workload's defaults. */
    static List<ParamSpec> memoryParams(String rate, String workingSet, String layout, String largePageShare,
                                        String zeroMemory) {
        List<ParamSpec> out = new ArrayList<>();
        out.add(ParamSpec.of(RATE, Kind.RATE, rate,
                "page writes per second over all vCPUs (50k/s, or a byte rate like 200MiB/s = 4KiB pages)"));
        out.add(ParamSpec.of(WORKING_SET, Kind.SIZE, workingSet,
                "memory the guest writes to (bytes like 2GiB, or a share of --memory like 25%)"));
        out.add(ParamSpec.choice(LAYOUT, layout,
                "scattered: working-set pages spread over all memory by a seeded permutation; contiguous: from gpa 0",
                "scattered", "contiguous"));
        out.add(ParamSpec.of(LARGE_PAGE_SHARE, Kind.FRACTION, largePageShare,
                "share of memory backed by host large pages at the source (0..1 or %), at the start of each 1GiB region"));
        out.add(ParamSpec.choice(LARGE_PAGE_SIZE, "2MiB", "host large-page size", "2MiB", "1GiB"));
        out.add(ParamSpec.of(ZERO_MEMORY, Kind.FRACTION, zeroMemory,
                "share of memory all-zero at trace start (0..1 or %), at the end of each 1GiB region"));
        return out;
    }

    static ParamSpec skewParam(String defaultSkew) {
        return ParamSpec.of(SKEW, Kind.NUMBER, defaultSkew,
                "Zipf exponent s of page popularity, P(rank k) ~ 1/k^s (0 = uniform)");
    }

    @Override
    public VmManifest manifest(GuestSpec guest, Params params) {
        long largePageBytes = params.choice(LARGE_PAGE_SIZE).equals("1GiB") ? LargePageRange.PAGE_1G : LargePageRange.PAGE_2M;
        return new VmManifest(guest.memoryBytes(), guest.vcpus(),
                GuestLayout.largePages(guest.memoryBytes(), params.fraction(LARGE_PAGE_SHARE), largePageBytes),
                GuestLayout.zeroRanges(guest.memoryBytes(), params.fraction(ZERO_MEMORY)),
                0, 0, Map.of(), false);
    }

    /** How the write rate varies over time; constant {@code rate} unless overridden. */
    RateSchedule schedule(Params params) {
        return RateSchedule.constant(params.rate(RATE));
    }

    /** Zipf exponent, 0 for uniform. */
    double skew(Params params) {
        return params.names().contains(SKEW) ? params.number(SKEW) : 0.0;
    }

    /** Share 0..1 of events that write zeros ({@code op = 1}). */
    double zeroingShare(Params params) {
        return 0.0;
    }

    @Override
    public long writeMemory(GuestSpec guest, Params params, MemoryTraceWriter out) {
        WorkingSet ws = new WorkingSet(guest, params.bytes(WORKING_SET, guest.memoryBytes()),
                params.choice(LAYOUT).equals("scattered"));
        double skew = skew(params);
        if (!(skew >= 0) || skew > 10) {
            throw new IllegalArgumentException(name() + " parameter skew must be in 0..10, was " + skew);
        }
        RateSchedule total = schedule(params);
        int vcpus = guest.vcpus();
        RateSchedule perVcpu = new RateSchedule() {
            @Override
            public double ratePerNanos(double t) {
                return total.ratePerNanos(t) / vcpus;
            }

            @Override
            public double phaseEndNanos(double t) {
                return total.phaseEndNanos(t);
            }
        };
        ZipfSampler zipf = skew > 0 ? new ZipfSampler(ws.pages(), skew) : null;
        double zeroing = zeroingShare(params);
        SplittableRandom master = new SplittableRandom(guest.seed());
        SplittableRandom[] rngs = new SplittableRandom[vcpus];
        for (int v = 0; v < vcpus; v++) {
            rngs[v] = master.split();
        }
        double[] clocks = new double[vcpus];
        VcpuEventSource source = new VcpuEventSource() {
            @Override
            long nextEventNanos(int vcpu) {
                double t = perVcpu.nextArrival(rngs[vcpu], clocks[vcpu]);
                clocks[vcpu] = t;
                return t >= 9.0e18 ? END : (long) t;
            }

            @Override
            void appendEvent(int vcpu, long tNanos, MemoryBatch batch) {
                SplittableRandom rng = rngs[vcpu];
                long index = zipf != null ? zipf.sample(rng) - 1 : rng.nextLong(ws.pages());
                byte op = zeroing > 0 && rng.nextDouble() < zeroing ? MemoryBatch.OP_WRITE_ZEROS : MemoryBatch.OP_WRITE;
                batch.add(tNanos, vcpu, ws.page(index) * GuestSpec.PAGE_BYTES, (int) GuestSpec.PAGE_BYTES, op);
            }
        };
        return VcpuEventSource.drive(source, vcpus, guest.durationNanos(), out);
    }
}
