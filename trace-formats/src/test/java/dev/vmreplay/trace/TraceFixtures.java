package dev.vmreplay.trace;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random traces and manifests for tests. */
final class TraceFixtures {
    static final long MEMORY_BYTES = 64L << 30;

    private TraceFixtures() {
    }

    static VmManifest manifest(long seed) {
        Map<String, Object> provenance = new java.util.LinkedHashMap<>();
        provenance.put("generator", "TraceFixtures");
        provenance.put("seed", seed);
        provenance.put("ratio", 0.25);
        provenance.put("tags", List.of("a", "b"));
        provenance.put("nested", Map.of("ok", true));
        return new VmManifest(MEMORY_BYTES, 8,
                List.of(new LargePageRange(0, 1L << 30, LargePageRange.PAGE_1G),
                        new LargePageRange(2L << 30, 4L << 20, LargePageRange.PAGE_2M)),
                List.of(new ZeroRange(8L << 30, 1L << 20)), 4, 32, provenance, false);
    }

    /** {@code rows} memory rows over the whole value range the schema allows for the manifest. */
    static MemoryBatch memoryRows(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        MemoryBatch b = new MemoryBatch(Math.max(1, rows));
        long t = r.nextLong(1_000_000);
        for (int i = 0; i < rows; i++) {
            t += r.nextInt(4) == 0 ? 0 : r.nextLong(10_000);
            int len = r.nextInt(8) == 0 ? 1 + r.nextInt(4096) : 4096;
            long gpa = r.nextLong(MEMORY_BYTES / 4096) * 4096;
            if (gpa + len > MEMORY_BYTES) {
                gpa = MEMORY_BYTES - len;
            }
            b.add(t, r.nextInt(8), gpa, len, (byte) r.nextInt(3));
        }
        return b;
    }

    static IoBatch ioRows(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        IoBatch b = new IoBatch(Math.max(1, rows));
        long t = 0;
        for (int i = 0; i < rows; i++) {
            t += r.nextLong(50_000);
            byte op = (byte) r.nextInt(3);
            int len = op == IoBatch.OP_FLUSH ? 0 : 512 * (1 + r.nextInt(256));
            b.add(t, r.nextInt(4), i * 3L + r.nextInt(3), op, r.nextLong(1L << 40), len, r.nextLong(10_000_000));
        }
        return b;
    }

    static MemoryBatch slice(MemoryBatch all, int from, int to) {
        MemoryBatch b = new MemoryBatch(Math.max(1, to - from));
        for (int i = from; i < to; i++) {
            b.add(all.timeNanos[i], all.vcpu[i], all.gpa[i], all.lengthBytes[i], all.op[i]);
        }
        return b;
    }

    static IoBatch slice(IoBatch all, int from, int to) {
        IoBatch b = new IoBatch(Math.max(1, to - from));
        for (int i = from; i < to; i++) {
            b.add(all.timeNanos[i], all.queue[i], all.requestId[i], all.op[i], all.offsetBytes[i], all.lengthBytes[i],
                    all.serviceNanos[i]);
        }
        return b;
    }

    /** Writes {@code rows} in chunks of uneven size (so chunk and row-group edges do not line up). */
    static void write(MemoryTraceWriter w, MemoryBatch rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5eed);
        int i = 0;
        while (i < rows.size) {
            int n = Math.min(rows.size - i, 1 + r.nextInt(5000));
            w.write(slice(rows, i, i + n));
            i += n;
        }
    }

    static void write(IoTraceWriter w, IoBatch rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5eed);
        int i = 0;
        while (i < rows.size) {
            int n = Math.min(rows.size - i, 1 + r.nextInt(5000));
            w.write(slice(rows, i, i + n));
            i += n;
        }
    }

    /** Reads every row of the trace into one batch. */
    static MemoryBatch readAll(MemoryTraceReader reader) {
        MemoryBatch all = new MemoryBatch(1024);
        MemoryBatch b = new MemoryBatch();
        while (reader.next(b)) {
            for (int i = 0; i < b.size; i++) {
                all.add(b.timeNanos[i], b.vcpu[i], b.gpa[i], b.lengthBytes[i], b.op[i]);
            }
        }
        return all;
    }

    static IoBatch readAll(IoTraceReader reader) {
        IoBatch all = new IoBatch(1024);
        IoBatch b = new IoBatch();
        while (reader.next(b)) {
            for (int i = 0; i < b.size; i++) {
                all.add(b.timeNanos[i], b.queue[i], b.requestId[i], b.op[i], b.offsetBytes[i], b.lengthBytes[i],
                        b.serviceNanos[i]);
            }
        }
        return all;
    }

    static void assertSameRows(MemoryBatch expected, MemoryBatch actual, String context) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.size, actual.size, context + ": row count");
        for (int i = 0; i < expected.size; i++) {
            if (expected.timeNanos[i] != actual.timeNanos[i] || expected.vcpu[i] != actual.vcpu[i]
                    || expected.gpa[i] != actual.gpa[i] || expected.lengthBytes[i] != actual.lengthBytes[i]
                    || expected.op[i] != actual.op[i]) {
                org.junit.jupiter.api.Assertions.fail(context + ": row " + i + " differs: expected (" + expected.timeNanos[i]
                        + ", " + expected.vcpu[i] + ", " + expected.gpa[i] + ", " + expected.lengthBytes[i] + ", "
                        + expected.op[i] + ") got (" + actual.timeNanos[i] + ", " + actual.vcpu[i] + ", " + actual.gpa[i]
                        + ", " + actual.lengthBytes[i] + ", " + actual.op[i] + ")");
            }
        }
    }

    static void assertSameRows(IoBatch expected, IoBatch actual, String context) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.size, actual.size, context + ": row count");
        for (int i = 0; i < expected.size; i++) {
            if (expected.timeNanos[i] != actual.timeNanos[i] || expected.queue[i] != actual.queue[i]
                    || expected.requestId[i] != actual.requestId[i] || expected.op[i] != actual.op[i]
                    || expected.offsetBytes[i] != actual.offsetBytes[i] || expected.lengthBytes[i] != actual.lengthBytes[i]
                    || expected.serviceNanos[i] != actual.serviceNanos[i]) {
                org.junit.jupiter.api.Assertions.fail(context + ": row " + i + " differs");
            }
        }
    }
}
