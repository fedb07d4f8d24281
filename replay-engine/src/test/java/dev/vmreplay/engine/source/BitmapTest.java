package dev.vmreplay.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Interleaved bitmaps behave exactly like separate ones: checked against java.util.BitSet under random operations. */
class BitmapTest {
    private static final long SEED = 7;

    @Test
    void interleavedBitmapsMatchSeparateBitSetsUnderRandomOperations() {
        int size = 1000;
        int count = 3;
        Bitmap[] maps = Bitmap.interleaved(size, count);
        Bitmap plain = new Bitmap(size);
        BitSet[] expected = new BitSet[count + 1];
        for (int j = 0; j <= count; j++) {
            expected[j] = new BitSet(size);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        for (int step = 0; step < 20_000; step++) {
            int j = random.nextInt(count + 1);
            Bitmap m = j == count ? plain : maps[j];
            BitSet e = expected[j];
            int i = random.nextInt(size);
            int k = random.nextInt(size + 1);
            switch (random.nextInt(9)) {
                case 0 -> { m.set(i); e.set(i); }
                case 1 -> { m.clear(i); e.clear(i); }
                case 2 -> {
                    assertEquals(!e.get(i), m.testAndSet(i), "seed " + SEED + " step " + step);
                    e.set(i);
                }
                case 3 -> { m.setRange(Math.min(i, k), Math.max(i, k)); e.set(Math.min(i, k), Math.max(i, k)); }
                case 4 -> { m.clearRange(Math.min(i, k), Math.max(i, k)); e.clear(Math.min(i, k), Math.max(i, k)); }
                case 5 -> {
                    int other = random.nextInt(count + 1);
                    m.or(other == count ? plain : maps[other]);
                    e.or(expected[other]);
                }
                case 6 -> {
                    int other = random.nextInt(count + 1);
                    if (other != j) {
                        m.andNot(other == count ? plain : maps[other]);
                        e.andNot(expected[other]);
                    }
                }
                case 7 -> {
                    if (random.nextInt(50) == 0) {
                        m.clearAll();
                        e.clear();
                    }
                }
                default -> {
                    if (random.nextInt(50) == 0) {
                        m.setAll();
                        e.set(0, size);
                    }
                }
            }
            if (step % 97 == 0 || step == 19_999) {
                for (int q = 0; q <= count; q++) {
                    Bitmap mq = q == count ? plain : maps[q];
                    assertEquals(expected[q].cardinality(), mq.cardinality(), "seed " + SEED + " step " + step + " map " + q);
                    int from = random.nextInt(size);
                    int nextSet = expected[q].nextSetBit(from);
                    assertEquals(nextSet, mq.nextSetBit(from), "seed " + SEED + " step " + step);
                    int nextClear = expected[q].nextClearBit(from);
                    assertEquals(nextClear >= size ? -1 : nextClear, mq.nextClearBit(from), "seed " + SEED + " step " + step);
                    for (int b = 0; b < size; b++) {
                        assertEquals(expected[q].get(b), mq.get(b), "seed " + SEED + " step " + step + " map " + q + " bit " + b);
                    }
                }
            }
        }
    }
}
