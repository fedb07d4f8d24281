package dev.vmreplay.trace;

import java.nio.file.Path;

/** The row rules of the memory trace, shared by every reader and writer so they cannot drift apart. */
public final class MemoryRowValidator {
    private MemoryRowValidator() {
    }

    /**
     * Checks rows {@code [0, batch.size)}.
     *
     * @param firstRow index in the file of the batch's row 0 (for messages)
     * @param previousTimeNanos t_ns of the row before the batch, or Long.MIN_VALUE
     * @return t_ns of the batch's last row (or previousTimeNanos when empty)
     */
    public static long validate(Path file, int rowGroup, long firstRow, MemoryBatch batch, VmManifest manifest,
                                long previousTimeNanos) {
        if (batch.size == 0) {
            return previousTimeNanos;
        }
        if (allValid(batch, manifest, previousTimeNanos)) {
            return batch.timeNanos[batch.size - 1];
        }
        return findFirstViolation(file, rowGroup, firstRow, batch, manifest, previousTimeNanos);
    }

    /**
     * The fast check: every rule folded into the sign bit of an accumulator, one simple loop per
     * column (no branch per row, no loop-carried dependency, so the JIT can vectorise). Each term is
     * negative exactly when its rule is broken. Only when the check fails does the row-by-row pass
     * run to name the first bad row.
     */
    private static boolean allValid(MemoryBatch batch, VmManifest manifest, long previousTimeNanos) {
        final long memoryBytes = manifest.memoryBytes();
        final int maxVcpu = manifest.vcpus() - 1;
        final long[] t = batch.timeNanos;
        final int[] cpu = batch.vcpu;
        final long[] gpa = batch.gpa;
        final int[] len = batch.lengthBytes;
        final byte[] op = batch.op;
        final int n = batch.size;
        // t - previous cannot overflow once both are >= 0; a negative t is flagged by itself.
        long bad = t[0] | (t[0] - Math.max(previousTimeNanos, 0));
        for (int i = 1; i < n; i++) {
            bad |= t[i] | (t[i] - t[i - 1]);
        }
        int badInt = 0;
        for (int i = 0; i < n; i++) {
            badInt |= len[i] | (len[i] - 1);
        }
        for (int i = 0; i < n; i++) {
            badInt |= cpu[i] | (maxVcpu - cpu[i]);
        }
        for (int i = 0; i < n; i++) {
            badInt |= op[i] | (2 - op[i]);
        }
        // memoryBytes - len - gpa cannot overflow for len >= 1 (checked above) and gpa >= 0.
        for (int i = 0; i < n; i++) {
            bad |= gpa[i] | (memoryBytes - len[i] - gpa[i]);
        }
        return (bad | badInt) >= 0;
    }

    private static long findFirstViolation(Path file, int rowGroup, long firstRow, MemoryBatch batch, VmManifest manifest,
                                           long previousTimeNanos) {
        final long memoryBytes = manifest.memoryBytes();
        final int vcpus = manifest.vcpus();
        long prev = previousTimeNanos;
        final long[] t = batch.timeNanos;
        final int[] cpu = batch.vcpu;
        final long[] gpa = batch.gpa;
        final int[] len = batch.lengthBytes;
        final byte[] op = batch.op;
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
            int li = len[i];
            if (li <= 0) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "len", "length must be > 0, was " + li);
            }
            long g = gpa[i];
            if (g < 0 || g > memoryBytes - li) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "gpa",
                        "gpa " + g + " + len " + li + " is beyond memory_bytes " + memoryBytes);
            }
            int c = cpu[i];
            if (c < 0 || c >= vcpus) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "vcpu",
                        "vcpu " + c + " outside 0.." + (vcpus - 1) + " (manifest vcpus " + vcpus + ")");
            }
            byte o = op[i];
            if (o < 0 || o > 2) {
                throw new TraceFormatException(file, rowGroup, firstRow + i, "op",
                        "unknown op " + o + " (0 write, 1 write of zeros, 2 read)");
            }
        }
        return prev;
    }
}
