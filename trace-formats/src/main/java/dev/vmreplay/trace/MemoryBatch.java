package dev.vmreplay.trace;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A batch of memory-access rows held as primitive columns (no object per row). Readers refill the
 * same instance batch after batch; consumers must not keep references to the arrays across calls.
 *
 * <p>Columns follow the memory trace schema: {@code t_ns} int64, {@code vcpu} int32, {@code gpa}
 * int64, {@code len} int32, {@code op} int8. Rows {@code [0, size)} are valid.
 */
public final class MemoryBatch implements TraceBatch<MemoryBatch> {
    /** Write of data. */
    public static final byte OP_WRITE = 0;
    /** Write of zeros (the page, or the range, becomes all-zero). */
    public static final byte OP_WRITE_ZEROS = 1;
    /** Read; optional in traces. */
    public static final byte OP_READ = 2;

    /** Default number of rows per batch: large enough to amortise per-batch work, small enough for L2. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    public long[] timeNanos;
    public int[] vcpu;
    public long[] gpa;
    public int[] lengthBytes;
    public byte[] op;
    /** Number of valid rows, 0..capacity. */
    public int size;

    public MemoryBatch() {
        this(DEFAULT_CAPACITY);
    }

    public MemoryBatch(int capacityRows) {
        if (capacityRows <= 0) {
            throw new IllegalArgumentException("capacityRows must be > 0, was " + capacityRows);
        }
        timeNanos = new long[capacityRows];
        vcpu = new int[capacityRows];
        gpa = new long[capacityRows];
        lengthBytes = new int[capacityRows];
        op = new byte[capacityRows];
    }

    public int capacity() {
        return timeNanos.length;
    }

    @Override
    public void ensureCapacity(int rows) {
        if (rows <= timeNanos.length) {
            return;
        }
        int n = Math.max(rows, timeNanos.length * 2);
        timeNanos = Arrays.copyOf(timeNanos, n);
        vcpu = Arrays.copyOf(vcpu, n);
        gpa = Arrays.copyOf(gpa, n);
        lengthBytes = Arrays.copyOf(lengthBytes, n);
        op = Arrays.copyOf(op, n);
    }

    /** Appends one row, growing if needed. Convenience for generators and tests, not for hot loops. */
    public void add(long tNanos, int vcpuIndex, long gpaBytes, int lenBytes, byte opCode) {
        ensureCapacity(size + 1);
        timeNanos[size] = tNanos;
        vcpu[size] = vcpuIndex;
        gpa[size] = gpaBytes;
        lengthBytes[size] = lenBytes;
        op[size] = opCode;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void setSize(int rows) {
        size = rows;
    }

    @Override
    public void clear() {
        size = 0;
    }

    @Override
    public Object[] columnArrays() {
        return TraceSchema.arrays(this);
    }

    @Override
    public void copyRows(MemoryBatch from, int first, int rows) {
        clear();
        ensureCapacity(rows);
        System.arraycopy(from.timeNanos, first, timeNanos, 0, rows);
        System.arraycopy(from.vcpu, first, vcpu, 0, rows);
        System.arraycopy(from.gpa, first, gpa, 0, rows);
        System.arraycopy(from.lengthBytes, first, lengthBytes, 0, rows);
        System.arraycopy(from.op, first, op, 0, rows);
        size = rows;
    }

    @Override
    public long validate(Path file, int rowGroup, long firstRow, VmManifest manifest, long lastTimeNanos) {
        return MemoryRowValidator.validate(file, rowGroup, firstRow, this, manifest, lastTimeNanos);
    }

    public boolean isFull() {
        return size == timeNanos.length;
    }
}
