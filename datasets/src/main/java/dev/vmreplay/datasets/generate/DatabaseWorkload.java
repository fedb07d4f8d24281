package dev.vmreplay.datasets.generate;

import dev.vmreplay.datasets.param.ParamSpec;
import dev.vmreplay.datasets.param.ParamSpec.Kind;
import dev.vmreplay.datasets.param.Params;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An OLTP database guest: a Zipf-skewed buffer pool in memory, plus random block IO on several
 * device queues (an SR-IOV NVMe VF, say) with a service-time distribution.
 */
final class DatabaseWorkload extends RandomWritesWorkload {
    static final String IO_RATE = "io-rate";
    static final String IO_QUEUES = "io-queues";
    static final String IO_QUEUE_DEPTH = "io-queue-depth";
    static final String IO_READ_SHARE = "io-read-share";
    static final String IO_FLUSH_SHARE = "io-flush-share";
    static final String IO_SIZE = "io-size";
    static final String IO_SPAN = "io-span";
    static final String SERVICE_DIST = "service-dist";
    static final String SERVICE_MEAN = "service-mean";
    static final String SERVICE_SIGMA = "service-sigma";

    /** Separates the IO streams' seeds from the vCPUs'. */
    private static final long IO_SEED_SALT = 0x10C0FFEE15L;

    @Override
    public String name() {
        return "database";
    }

    @Override
    public String description() {
        return "An OLTP database: hot-cold memory writes over a buffer pool (default 60% of memory, skew 0.9, "
                + "30k pages/s) plus an IO trace: Poisson requests (5k/s) spread evenly over io-queues queues, "
                + "70% reads, 1% flushes, 16KiB blocks uniform over a 100GiB span, service times lognormal "
                + "with mean 200us (or exponential / fixed). The IO trace goes to --io-out.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> out = memoryParams("30k/s", "60%", "scattered", "100%", "20%");
        out.add(skewParam("0.9"));
        out.add(ParamSpec.of(IO_RATE, Kind.RATE, "5k/s", "IO requests per second over all queues"));
        out.add(ParamSpec.of(IO_QUEUES, Kind.INTEGER, "4", "device queues (manifest io_queues)"));
        out.add(ParamSpec.of(IO_QUEUE_DEPTH, Kind.INTEGER, "32", "requests in flight per queue (manifest io_queue_depth)"));
        out.add(ParamSpec.of(IO_READ_SHARE, Kind.FRACTION, "70%", "share of data requests that are reads"));
        out.add(ParamSpec.of(IO_FLUSH_SHARE, Kind.FRACTION, "1%", "share of requests that are flushes (len 0)"));
        out.add(ParamSpec.of(IO_SIZE, Kind.SIZE, "16KiB", "bytes per read or write request, also the offset alignment"));
        out.add(ParamSpec.of(IO_SPAN, Kind.SIZE, "100GiB", "disk bytes over which offsets are uniform"));
        out.add(ParamSpec.choice(SERVICE_DIST, "lognormal", "service-time distribution",
                "lognormal", "exponential", "fixed"));
        out.add(ParamSpec.of(SERVICE_MEAN, Kind.DURATION, "200us", "mean service time"));
        out.add(ParamSpec.of(SERVICE_SIGMA, Kind.NUMBER, "0.5", "lognormal shape sigma (std. dev. of log service time)"));
        return out;
    }

    @Override
    public boolean writesIo() {
        return true;
    }

    @Override
    public VmManifest manifest(GuestSpec guest, Params params) {
        VmManifest m = super.manifest(guest, params);
        int queues = ioQueues(params);
        long depth = params.integer(IO_QUEUE_DEPTH);
        if (depth < 1 || depth > 65536) {
            throw new IllegalArgumentException("database parameter io-queue-depth must be in 1..65536, was " + depth);
        }
        return new VmManifest(m.memoryBytes(), m.vcpus(), m.largePages(), m.zeroRanges(), queues, (int) depth,
                m.provenance(), false);
    }

    private static int ioQueues(Params params) {
        long queues = params.integer(IO_QUEUES);
        if (queues < 1 || queues > 4096) {
            throw new IllegalArgumentException("database parameter io-queues must be in 1..4096, was " + queues);
        }
        return (int) queues;
    }

    @Override
    public long writeIo(GuestSpec guest, Params params, IoTraceWriter out) {
        int queues = ioQueues(params);
        double perQueuePerNanos = params.rate(IO_RATE) / queues / 1e9;
        double readShare = params.fraction(IO_READ_SHARE);
        double flushShare = params.fraction(IO_FLUSH_SHARE);
        long size = params.bytes(IO_SIZE, guest.memoryBytes());
        long span = params.bytes(IO_SPAN, guest.memoryBytes());
        if (size < 1 || size > Integer.MAX_VALUE || span < size) {
            throw new IllegalArgumentException("database parameters: io-size must be in 1B..2GiB and io-span >= io-size, were "
                    + size + " and " + span + " bytes");
        }
        long blocks = span / size;
        ServiceTime service = new ServiceTime(params.choice(SERVICE_DIST), params.durationNanos(SERVICE_MEAN),
                params.number(SERVICE_SIGMA));
        if (!(perQueuePerNanos > 0)) {
            return 0;
        }
        SplittableRandom master = new SplittableRandom(guest.seed() ^ IO_SEED_SALT);
        SplittableRandom[] rngs = new SplittableRandom[queues];
        double[] clocks = new double[queues];
        TimeOrderedMerge merge = new TimeOrderedMerge(queues);
        for (int q = 0; q < queues; q++) {
            rngs[q] = master.split();
            clocks[q] = nextArrival(rngs[q], 0, perQueuePerNanos);
            if (clocks[q] < guest.durationNanos()) {
                merge.add(q, (long) clocks[q]);
            }
        }
        IoBatch batch = new IoBatch();
        long requestId = 0;
        long rows = 0;
        while (!merge.isEmpty()) {
            int q = merge.peekStream();
            long t = merge.peekNanos();
            SplittableRandom rng = rngs[q];
            double u = rng.nextDouble();
            if (u < flushShare) {
                batch.add(t, q, requestId++, IoBatch.OP_FLUSH, 0, 0, service.sample(rng));
            } else {
                byte op = rng.nextDouble() < readShare ? IoBatch.OP_READ : IoBatch.OP_WRITE;
                batch.add(t, q, requestId++, op, rng.nextLong(blocks) * size, (int) size, service.sample(rng));
            }
            if (batch.size >= batch.capacity()) {
                out.write(batch);
                rows += batch.size;
                batch.clear();
            }
            clocks[q] = nextArrival(rng, clocks[q], perQueuePerNanos);
            if (clocks[q] < guest.durationNanos()) {
                merge.advanceHead((long) clocks[q]);
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

    private static double nextArrival(SplittableRandom rng, double now, double perNanos) {
        return now - Math.log(1.0 - rng.nextDouble()) / perNanos;
    }

    /** Device service time in ns: lognormal with the given mean and shape, exponential, or fixed. */
    static final class ServiceTime {
        private final int kind;
        private final long meanNanos;
        private final double sigma;
        private final double mu;

        ServiceTime(String distribution, long meanNanos, double sigma) {
            if (meanNanos < 0) {
                throw new IllegalArgumentException("service-mean must be >= 0, was " + meanNanos + " ns");
            }
            if (!(sigma >= 0) || sigma > 10) {
                throw new IllegalArgumentException("service-sigma must be in 0..10, was " + sigma);
            }
            this.kind = switch (distribution) {
                case "lognormal" -> 0;
                case "exponential" -> 1;
                case "fixed" -> 2;
                default -> throw new IllegalArgumentException("service-dist must be lognormal, exponential or fixed, was " + distribution);
            };
            this.meanNanos = meanNanos;
            this.sigma = sigma;
            // E[exp(N(mu, sigma^2))] = exp(mu + sigma^2/2) = mean.
            this.mu = Math.log(Math.max(meanNanos, 1)) - sigma * sigma / 2;
        }

        long sample(SplittableRandom rng) {
            return switch (kind) {
                case 0 -> meanNanos == 0 ? 0 : Math.round(Math.exp(mu + sigma * gaussian(rng)));
                case 1 -> Math.round(-Math.log(1.0 - rng.nextDouble()) * meanNanos);
                default -> meanNanos;
            };
        }

        /** Standard normal by Box-Muller (two uniforms per sample keeps the stream simple and reproducible). */
        private static double gaussian(SplittableRandom rng) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
