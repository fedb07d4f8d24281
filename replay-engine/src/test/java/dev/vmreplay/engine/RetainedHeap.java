package dev.vmreplay.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: what the live objects hold, for tests that bound per-page state. */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    /** Bytes of heap in use once collections stop freeing more than 1 MiB. */
    public static long bytesAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (used - now < 1 << 20) {
                return Math.min(used, now);
            }
            used = now;
        }
        return used;
    }

    /** Bytes of {@code count} bitmaps of one bit per index over {@code bits} indices, in whole longs. */
    public static long bitmapBytes(long bits, int count) {
        return count * 8L * ((bits + 63) / 64);
    }
}
