package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The validators' fast path (one accumulator, no branch per row) must agree with the rules row by
 * row: any single damaged value anywhere in a batch is reported at its row and column.
 */
class RowValidatorTest {
    static final VmManifest MANIFEST = new VmManifest(1L << 30, 4, List.of(), List.of(), 3, 8, Map.of(), false);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everySingleDamagedMemoryValueIsFound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            MemoryBatch b = new MemoryBatch(300);
            long t = 0;
            for (int i = 0; i < 300; i++) {
                t += r.nextInt(3);
                b.add(t, r.nextInt(4), r.nextLong((1L << 30) / 4096) * 4096, 1 + r.nextInt(4096) , (byte) r.nextInt(3));
            }
            int row = r.nextInt(300);
            String column;
            switch (r.nextInt(9)) {
                case 0 -> { b.timeNanos[row] = row == 0 ? -1 : Long.MIN_VALUE; column = "t_ns"; }
                case 1 -> { b.lengthBytes[row] = -r.nextInt(Integer.MAX_VALUE); column = "len"; }
                case 2 -> { b.gpa[row] = (1L << 30) - b.lengthBytes[row] + 1 + r.nextLong(1L << 40); column = "gpa"; }
                case 3 -> { b.gpa[row] = -1 - r.nextLong(Long.MAX_VALUE); column = "gpa"; }
                case 4 -> { b.vcpu[row] = 4 + r.nextInt(Integer.MAX_VALUE - 4); column = "vcpu"; }
                case 5 -> { b.vcpu[row] = -1 - r.nextInt(Integer.MAX_VALUE); column = "vcpu"; }
                case 6 -> { b.op[row] = (byte) (3 + r.nextInt(125)); column = "op"; }
                case 7 -> { b.op[row] = (byte) (-1 - r.nextInt(128)); column = "op"; }
                default -> {
                    if (row == 0) {
                        row = 1;
                    }
                    b.timeNanos[row] = b.timeNanos[row - 1] - 1 - r.nextInt(5);
                    if (b.timeNanos[row] < 0) {
                        b.timeNanos[row] = Long.MIN_VALUE + 1;
                    }
                    column = "t_ns";
                }
            }
            int badRow = row;
            TraceFormatException e = assertThrows(TraceFormatException.class,
                    () -> MemoryRowValidator.validate(null, 0, 1000, b, MANIFEST, Long.MIN_VALUE), "seed " + seed);
            assertEquals(1000 + badRow, e.row(), "seed " + seed + ", trial " + trial + ": " + e.getMessage());
            assertEquals(column, e.column(), "seed " + seed + ", trial " + trial);
        }
    }

    /**
     * The fast check may hand a batch to the row-by-row pass, but the verdict must be the rules':
     * random batches full of edge values (extremes, off-by-one around every bound, lengths above
     * memory) are compared with a plain reference written from the rules, over batch sizes that
     * exercise the eight-at-a-time op check and its tail.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void memoryValidatorAgreesWithTheRulesOnEdgeValues(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int passed = 0;
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++) {
            long memoryBytes = r.nextBoolean() ? 1L << 30 : 8192;
            VmManifest manifest = new VmManifest(memoryBytes, 4, List.of(), List.of(), 0, 0, Map.of(), false);
            int size = 1 + r.nextInt(r.nextBoolean() ? 20 : 300);
            double damage = r.nextInt(4) == 0 ? 0 : 0.3 / size;
            MemoryBatch b = new MemoryBatch(size);
            long t = r.nextInt(3) == 0 ? 0 : r.nextLong(1L << 62);
            // whole pages (the fast bound decides) or mixed lengths, some ending at the last byte (the exact pass decides)
            boolean wholePages = r.nextBoolean();
            for (int i = 0; i < size; i++) {
                t += r.nextInt(3);
                int len = wholePages || r.nextBoolean() ? 4096 : 1 + r.nextInt(8192);
                long gpa = len > memoryBytes ? 0
                        : wholePages ? r.nextLong(memoryBytes / 4096) * 4096
                        : r.nextInt(4) == 0 ? memoryBytes - len : r.nextLong(memoryBytes - len + 1);
                b.add(t, r.nextInt(4), gpa, len, (byte) r.nextInt(3));
                if (r.nextDouble() < damage) {
                    damage(r, b, i, memoryBytes);
                }
            }
            long previous = r.nextInt(3) == 0 ? Long.MIN_VALUE : b.timeNanos[0] - 1 + r.nextInt(3);
            long[] expected = firstBrokenRule(b, memoryBytes, 4, previous);
            String context = "seed " + seed + ", trial " + trial;
            if (expected == null) {
                assertEquals(b.timeNanos[size - 1], MemoryRowValidator.validate(null, 0, 0, b, manifest, previous), context);
                passed++;
            } else {
                TraceFormatException e = assertThrows(TraceFormatException.class,
                        () -> MemoryRowValidator.validate(null, 0, 0, b, manifest, previous), context);
                assertEquals(expected[0], e.row(), context + ": " + e.getMessage());
                assertEquals(RULE_COLUMNS[(int) expected[1]], e.column(), context + ": " + e.getMessage());
                rejected++;
            }
        }
        assertTrue(passed > 500 && rejected > 500, "passed " + passed + ", rejected " + rejected);
    }

    private static final String[] RULE_COLUMNS = {"t_ns", "t_ns", "len", "gpa", "vcpu", "op"};

    private static void damage(SplittableRandom r, MemoryBatch b, int row, long memoryBytes) {
        switch (r.nextInt(12)) {
            case 0 -> b.timeNanos[row] = new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, b.timeNanos[row] - 5}[r.nextInt(4)];
            case 1 -> b.lengthBytes[row] = new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, (int) Math.min(memoryBytes + 1, Integer.MAX_VALUE)}[r.nextInt(5)];
            case 2 -> b.gpa[row] = memoryBytes - b.lengthBytes[row] + 1;
            case 3 -> b.gpa[row] = new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 4096, memoryBytes}[r.nextInt(5)];
            case 4 -> b.vcpu[row] = new int[] {4, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[r.nextInt(4)];
            case 5 -> b.op[row] = new byte[] {3, -1, Byte.MIN_VALUE, Byte.MAX_VALUE, 0x7D, (byte) 0x83}[r.nextInt(6)];
            case 6 -> {
                // a length above memory together with an address near the top of the long range
                b.lengthBytes[row] = Integer.MAX_VALUE;
                b.gpa[row] = Long.MAX_VALUE - r.nextInt(3);
            }
            default -> {
                // still valid, but mixed lengths at the very end of memory defeat the fast bound
                b.lengthBytes[row] = 1 + r.nextInt((int) Math.min(memoryBytes, 8192));
                b.gpa[row] = memoryBytes - b.lengthBytes[row];
            }
        }
    }

    /** The memory rules, row by row, as DESIGN.md states them: {row, rule} of the first break, or null. */
    private static long[] firstBrokenRule(MemoryBatch b, long memoryBytes, int vcpus, long previous) {
        for (int i = 0; i < b.size; i++) {
            long t = b.timeNanos[i];
            long before = i == 0 ? previous : b.timeNanos[i - 1];
            if (t < before) {
                return new long[] {i, 0};
            }
            if (t < 0) {
                return new long[] {i, 1};
            }
            if (b.lengthBytes[i] <= 0) {
                return new long[] {i, 2};
            }
            if (b.gpa[i] < 0 || java.math.BigInteger.valueOf(b.gpa[i]).add(java.math.BigInteger.valueOf(b.lengthBytes[i]))
                    .compareTo(java.math.BigInteger.valueOf(memoryBytes)) > 0) {
                return new long[] {i, 3};
            }
            if (b.vcpu[i] < 0 || b.vcpu[i] >= vcpus) {
                return new long[] {i, 4};
            }
            if (b.op[i] < 0 || b.op[i] > 2) {
                return new long[] {i, 5};
            }
        }
        return null;
    }

    @Test
    void aLengthAboveMemoryWithAnAddressNearTheLongLimitIsRejected() {
        MemoryBatch b = TraceFixtures.memoryRows(3, 100);
        VmManifest m = TraceFixtures.manifest(3);
        b.lengthBytes[40] = Integer.MAX_VALUE;
        b.gpa[40] = Long.MAX_VALUE;
        VmManifest small = new VmManifest(1L << 30, m.vcpus(), List.of(), List.of(), 0, 0, Map.of(), false);
        for (int i = 0; i < b.size; i++) {
            b.gpa[i] = i == 40 ? Long.MAX_VALUE : b.gpa[i] % (1L << 29);
        }
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> MemoryRowValidator.validate(null, 0, 0, b, small, Long.MIN_VALUE));
        assertEquals(40, e.row());
        assertEquals("gpa", e.column());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everySingleDamagedIoValueIsFound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] columns = {"t_ns", "queue", "queue", "op", "offset", "len", "service_ns"};
        for (int trial = 0; trial < 200; trial++) {
            IoBatch b = new IoBatch(300);
            for (int i = 0; i < 300; i++) {
                b.add(i * 5L, r.nextInt(3), i, (byte) r.nextInt(3), r.nextLong(1L << 40), r.nextInt(1 << 20), r.nextLong(1 << 30));
            }
            int row = r.nextInt(300);
            int kind = r.nextInt(columns.length);
            switch (kind) {
                case 0 -> b.timeNanos[row] = Long.MIN_VALUE;
                case 1 -> b.queue[row] = 3 + r.nextInt(1000);
                case 2 -> b.queue[row] = -1;
                case 3 -> b.op[row] = (byte) 3;
                case 4 -> b.offsetBytes[row] = -1;
                case 5 -> b.lengthBytes[row] = Integer.MIN_VALUE;
                default -> b.serviceNanos[row] = -5;
            }
            TraceFormatException e = assertThrows(TraceFormatException.class,
                    () -> IoRowValidator.validate(null, 0, 0, b, MANIFEST, Long.MIN_VALUE));
            assertEquals(row, e.row(), "seed " + seed + ", trial " + trial + ": " + e.getMessage());
            assertEquals(columns[kind], e.column(), "seed " + seed + ", trial " + trial);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void validBatchesPassAndReturnTheirLastTime(long seed) {
        MemoryBatch b = TraceFixtures.memoryRows(seed, 5000);
        VmManifest m = TraceFixtures.manifest(seed);
        assertEquals(b.timeNanos[4999], MemoryRowValidator.validate(null, 0, 0, b, m, Long.MIN_VALUE));
        assertEquals(b.timeNanos[4999], MemoryRowValidator.validate(null, 0, 0, b, m, b.timeNanos[0]));
        assertThrows(TraceFormatException.class, () -> MemoryRowValidator.validate(null, 0, 0, b, m, b.timeNanos[0] + 1));
    }
}
