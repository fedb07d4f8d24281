package dev.vmreplay.analysis.inspect;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Computes {@link IoTraceStats} in one pass in constant memory: counters, a size-class array and one
 * HdrHistogram of service times per op. Rows must come validated by a reader.
 */
public final class IoTraceInspector {
    public static final long WINDOW_NANOS = 1_000_000_000L;
    /** Sizes up to 512 bytes share the smallest non-empty class (sectors and below). */
    private static final int SMALLEST_CLASS_LOG2 = 9;
    /** Class index 0 is {@code len == 0}; index k >= 1 holds {@code ceil(log2(len)) == k}. */
    private static final int CLASS_COUNT = 33;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final VmManifest manifest;
    private final long[] rowsByOp = new long[3];
    private final long[] bytesByOp = new long[3];
    private final long[] classRequests = new long[CLASS_COUNT];
    private final long[] classBytes = new long[CLASS_COUNT];
    private final Histogram[] serviceByOp = new Histogram[3];
    private final long[] serviceSumByOp = new long[3];
    private final long[] serviceMinByOp = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    private final long[] serviceMaxByOp = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    private final BitSet queuesSeen = new BitSet();
    private long rows;
    private long firstNanos = -1;
    private long lastNanos = -1;
    private long highestOffsetEnd;
    private final WindowClock clock = new WindowClock(WINDOW_NANOS);
    private long windowRequests;
    private final WindowSeries requestsPerSecond = new WindowSeries(WINDOW_NANOS);
    private boolean finished;

    public IoTraceInspector(VmManifest manifest) {
        this.manifest = manifest;
        for (int o = 0; o < serviceByOp.length; o++) {
            serviceByOp[o] = new Histogram(SIGNIFICANT_DIGITS);
            serviceByOp[o].setAutoResize(true);
        }
    }

    /** Reads the whole trace (without closing it) and returns its statistics. */
    public static IoTraceStats inspect(IoTraceReader reader) {
        IoTraceInspector inspector = new IoTraceInspector(reader.manifest());
        IoBatch batch = new IoBatch();
        while (reader.next(batch)) {
            inspector.accept(batch);
        }
        return inspector.finish();
    }

    /** Adds rows {@code [0, batch.size)}. */
    public void accept(IoBatch batch) {
        if (finished) {
            throw new IllegalStateException("accept after finish");
        }
        final int n = batch.size;
        if (n == 0) {
            return;
        }
        final long[] t = batch.timeNanos;
        if (rows == 0) {
            firstNanos = t[0];
            clock.start(firstNanos);
        }
        long windowEnd = clock.endNanos();
        for (int i = 0; i < n; i++) {
            if (t[i] >= windowEnd) {
                requestsPerSecond.add(windowRequests);
                windowRequests = 0;
                requestsPerSecond.addZeros(clock.advanceTo(t[i]) - 1);
                windowEnd = clock.endNanos();
            }
            windowRequests++;
            final int o = batch.op[i];
            final int len = batch.lengthBytes[i];
            final long service = batch.serviceNanos[i];
            rowsByOp[o]++;
            bytesByOp[o] += len;
            int sizeClass = sizeClass(len);
            classRequests[sizeClass]++;
            classBytes[sizeClass] += len;
            serviceByOp[o].recordValue(service);
            serviceSumByOp[o] += service;
            serviceMinByOp[o] = Math.min(serviceMinByOp[o], service);
            serviceMaxByOp[o] = Math.max(serviceMaxByOp[o], service);
            queuesSeen.set(batch.queue[i]);
            highestOffsetEnd = Math.max(highestOffsetEnd, batch.offsetBytes[i] + len);
        }
        rows += n;
        lastNanos = t[n - 1];
    }

    static int sizeClass(int len) {
        if (len == 0) {
            return 0;
        }
        int ceilLog2 = 32 - Integer.numberOfLeadingZeros(len - 1);
        return Math.max(ceilLog2, SMALLEST_CLASS_LOG2);
    }

    public IoTraceStats finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        if (rows > 0 && clock.openWindowCompleteAt(lastNanos)) {
            requestsPerSecond.add(windowRequests);
        }
        List<SizeClass> classes = new ArrayList<>();
        for (int k = 0; k < CLASS_COUNT; k++) {
            if (classRequests[k] == 0) {
                continue;
            }
            long min = k == 0 ? 0 : k == SMALLEST_CLASS_LOG2 ? 1 : (1L << (k - 1)) + 1;
            long max = k == 0 ? 0 : Math.min(1L << k, Integer.MAX_VALUE);
            classes.add(new SizeClass(min, max, classRequests[k], classBytes[k]));
        }
        Histogram all = new Histogram(SIGNIFICANT_DIGITS);
        all.setAutoResize(true);
        long sumAll = 0;
        long minAll = Long.MAX_VALUE;
        long maxAll = Long.MIN_VALUE;
        for (int o = 0; o < serviceByOp.length; o++) {
            all.add(serviceByOp[o]);
            sumAll += serviceSumByOp[o];
            minAll = Math.min(minAll, serviceMinByOp[o]);
            maxAll = Math.max(maxAll, serviceMaxByOp[o]);
        }
        return new IoTraceStats(
                rows,
                rowsByOp[IoBatch.OP_READ],
                rowsByOp[IoBatch.OP_WRITE],
                rowsByOp[IoBatch.OP_FLUSH],
                bytesByOp[IoBatch.OP_READ],
                bytesByOp[IoBatch.OP_WRITE],
                firstNanos,
                lastNanos,
                queuesSeen.cardinality(),
                highestOffsetEnd,
                requestsPerSecond.summary(),
                classes,
                latency(all, sumAll, minAll, maxAll),
                latencyOf(IoBatch.OP_READ),
                latencyOf(IoBatch.OP_WRITE),
                latencyOf(IoBatch.OP_FLUSH),
                manifest);
    }

    private LatencySummary latencyOf(int op) {
        return latency(serviceByOp[op], serviceSumByOp[op], serviceMinByOp[op], serviceMaxByOp[op]);
    }

    private static LatencySummary latency(Histogram h, long sum, long min, long max) {
        long n = h.getTotalCount();
        if (n == 0) {
            return LatencySummary.EMPTY;
        }
        // HdrHistogram reports the top of a value's bucket; never report a percentile above the exact max
        return new LatencySummary(n, min, (double) sum / n,
                Math.min(h.getValueAtPercentile(50), max),
                Math.min(h.getValueAtPercentile(90), max),
                Math.min(h.getValueAtPercentile(99), max),
                Math.min(h.getValueAtPercentile(99.9), max),
                max);
    }
}
