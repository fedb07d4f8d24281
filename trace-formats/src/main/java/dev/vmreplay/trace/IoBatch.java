package dev.vmreplay.trace;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A batch of IO-trace rows held as primitive columns. Columns follow the IO trace schema:
 * {@code t_ns} int64 (submit), {@code queue} int32, {@code req_id} int64, {@code op} int8,
 * {@code offset} int64, {@code len} int32, {@code service_ns} int64. Rows {@code [0, size)} are valid.
 */
public final class IoBatch implements TraceBatch<IoBatch> {
    public static final byte OP_READ = 0;
    public static final byte OP_WRITE = 1;
    public static final byte OP_FLUSH = 2;

    public static final int DEFAULT_CAPACITY = 16 * 1024;

    public long[] timeNanos;
    public int[] queue;
    public long[] requestId;
    public byte[] op;
    public long[] offsetBytes;
    public int[] lengthBytes;
    public long[] serviceNanos;
    /** Number of valid rows, 0..capacity. */
    public int size;

    public IoBatch() {
        this(DEFAULT_CAPACITY);
    }

    public IoBatch(int capacityRows) {
        if (capacityRows <= 0) {
            throw new IllegalArgumentException("capacityRows must be > 0, was " + capacityRows);
        }
        timeNanos = new long[capacityRows];
        queue = new int[capacityRows];
        requestId = new long[capacityRows];
        op = new byte[capacityRows];
        offsetBytes = new long[capacityRows];
        lengthBytes = new int[capacityRows];
        serviceNanos = new long[capacityRows];
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
        queue = Arrays.copyOf(queue, n);
        requestId = Arrays.copyOf(requestId, n);
        op = Arrays.copyOf(op, n);
        offsetBytes = Arrays.copyOf(offsetBytes, n);
        lengthBytes = Arrays.copyOf(lengthBytes, n);
        serviceNanos = Arrays.copyOf(serviceNanos, n);
    }

    public void add(long tNanos, int queueIndex, long reqId, byte opCode, long offset, int lenBytes, long serviceNs) {
        ensureCapacity(size + 1);
        timeNanos[size] = tNanos;
        queue[size] = queueIndex;
        requestId[size] = reqId;
        op[size] = opCode;
        offsetBytes[size] = offset;
        lengthBytes[size] = lenBytes;
        serviceNanos[size] = serviceNs;
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
    public void copyRows(IoBatch from, int first, int rows) {
        clear();
        ensureCapacity(rows);
        System.arraycopy(from.timeNanos, first, timeNanos, 0, rows);
        System.arraycopy(from.queue, first, queue, 0, rows);
        System.arraycopy(from.requestId, first, requestId, 0, rows);
        System.arraycopy(from.op, first, op, 0, rows);
        System.arraycopy(from.offsetBytes, first, offsetBytes, 0, rows);
        System.arraycopy(from.lengthBytes, first, lengthBytes, 0, rows);
        System.arraycopy(from.serviceNanos, first, serviceNanos, 0, rows);
        size = rows;
    }

    @Override
    public long validate(Path file, int rowGroup, long firstRow, VmManifest manifest, long lastTimeNanos) {
        return IoRowValidator.validate(file, rowGroup, firstRow, this, manifest, lastTimeNanos);
    }

    public boolean isFull() {
        return size == timeNanos.length;
    }
}
