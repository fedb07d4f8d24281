package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
