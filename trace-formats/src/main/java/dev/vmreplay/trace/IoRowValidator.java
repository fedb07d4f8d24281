package dev.vmreplay.trace;

import java.nio.file.Path;

/** The row rules of the IO trace, shared by every reader and writer so they cannot drift apart. */
public final class IoRowValidator {
    private IoRowValidator() {
    }

    /**
     * Checks rows {@code [0, batch.size)}: time sorted and >= 0, {@code queue} in
     * {@code [0, io_queues)} when the manifest names queues (any {@code >= 0} otherwise),
     * {@code op} in {0, 1, 2}, {@code offset >= 0}, {@code len >= 0} (a flush may carry 0),
     * {@code service_ns >= 0}.
     *
     * @param firstRow index in the file of the batch's row 0 (for messages)
     * @param previousTimeNanos t_ns of the row before the batch, or Long.MIN_VALUE
     * @return t_ns of the batch's last row (or previousTimeNanos when empty)
     */
    public static long validate(Path file, int rowGroup, long firstRow, IoBatch batch, VmManifest manifest,
                                long previousTimeNanos) {
        if (batch.size == 0) {
            return previousTimeNanos;
        }
        if (allValid(batch, manifest, previousTimeNanos)) {
            return batch.timeNanos[batch.size - 1];
        }
        return findFirstViolation(file, rowGroup, firstRow, batch, manifest, previousTimeNanos);
    }

    /** Every rule folded into the sign bit of an accumulator, one loop per column (see {@link MemoryRowValidator}). */
    private static boolean allValid(IoBatch batch, VmManifest manifest, long previousTimeNanos) {
        final int maxQueue = manifest.ioQueues() > 0 ? manifest.ioQueues() - 1 : Integer.MAX_VALUE;
        final long[] t = batch.timeNanos;
        final int[] queue = batch.queue;
        final byte[] op = batch.op;
        final long[] offset = batch.offsetBytes;
        final int[] len = batch.lengthBytes;
        final long[] service = batch.serviceNanos;
        final int n = batch.size;
        long bad = t[0] | (t[0] - Math.max(previousTimeNanos, 0));
        for (int i = 1; i < n; i++) {
            bad |= t[i] | (t[i] - t[i - 1]);
        }
        for (int i = 0; i < n; i++) {
            bad |= offset[i] | service[i];
        }
        int badInt = 0;
        for (int i = 0; i < n; i++) {
            badInt |= queue[i] | (maxQueue - queue[i]) | len[i];
        }
        for (int i = 0; i < n; i++) {
            badInt |= op[i] | (2 - op[i]);
        }
        return (bad | badInt) >= 0;
    }

    private static long findFirstViolation(Path file, int rowGroup, long firstRow, IoBatch batch, VmManifest manifest,
                                           long previousTimeNanos) {
        final int queues = manifest.ioQueues();
        long prev = previousTimeNanos;
        final long[] t = batch.timeNanos;
        final int[] queue = batch.queue;
        final byte[] op = batch.op;
        final long[] offset = batch.offsetBytes;
        final int[] len = batch.lengthBytes;
        final long[] service = batch.serviceNanos;
        for (int i = 0; i < batch.size; i++) {
            long ti = t[i];
            if (ti < prev) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "t_ns",
                        "time goes backwards (" + ti + " after " + prev + "); the trace must be sorted by t_ns");
            }
            if (ti < 0) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "t_ns", "negative time " + ti);
            }
            prev = ti;
            int q = queue[i];
            if (q < 0 || (queues > 0 && q >= queues)) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "queue", queues > 0
                        ? "queue " + q + " outside 0.." + (queues - 1) + " (manifest io_queues " + queues + ")"
                        : "negative queue " + q);
            }
            byte o = op[i];
            if (o < 0 || o > 2) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "op",
                        "unknown op " + o + " (0 read, 1 write, 2 flush)");
            }
            if (offset[i] < 0) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "offset",
                        "offset must be >= 0, was " + offset[i]);
            }
            if (len[i] < 0) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "len",
                        "length must be >= 0, was " + len[i]);
            }
            if (service[i] < 0) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "service_ns",
                        "service time must be >= 0, was " + service[i]);
            }
        }
        return prev;
    }
}
