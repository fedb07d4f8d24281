package dev.vmreplay.engine;

import java.util.Arrays;

/**
 * The conflict keys ({@code WriteTraces.conflictKey}) written in one span of the replay's span path,
 * with the vCPU that wrote each and the wall time of its first write there: an open-addressing table of
 * primitives, emptied in O(1) by bumping a generation number.
 */
final class SpanKeys {
    static final int CAPACITY = 1024;
    /** Most keys held at once: a quarter of the slots, so probes stay short. */
    static final int LIMIT = CAPACITY / 4;
    /** {@link #add}: recorded (or already recorded for this vCPU). */
    static final long ADDED = -1;
    /** {@link #add}: the table holds {@link #LIMIT} keys. */
    static final long FULL = -2;
    private static final int MASK = CAPACITY - 1;

    private final long[] keys = new long[CAPACITY];
    private final long[] firstWall = new long[CAPACITY];
    private final int[] owner = new int[CAPACITY];
    private final int[] generation = new int[CAPACITY];
    private int current = 1;
    private int size;

    /** Empties the table. */
    void reset() {
        size = 0;
        if (++current == 0) {
            Arrays.fill(generation, 0); // wrapped: slots of generation 0 must not look current
            current = 1;
        }
    }

    int size() {
        return size;
    }

    /**
     * Records that vCPU {@code v} writes key {@code key} at {@code wall} (a vCPU's writes come in time
     * order). Returns {@link #ADDED}, {@link #FULL}, or, when another vCPU wrote the key in this span,
     * the wall time of that vCPU's first write there (>= 0).
     */
    long add(long key, int v, long wall) {
        int slot = slot(key);
        while (generation[slot] == current) {
            if (keys[slot] == key) {
                return owner[slot] == v ? ADDED : firstWall[slot];
            }
            slot = (slot + 1) & MASK;
        }
        if (size == LIMIT) {
            return FULL;
        }
        generation[slot] = current;
        keys[slot] = key;
        firstWall[slot] = wall;
        owner[slot] = v;
        size++;
        return ADDED;
    }

    boolean contains(long key) {
        int slot = slot(key);
        while (generation[slot] == current) {
            if (keys[slot] == key) {
                return true;
            }
            slot = (slot + 1) & MASK;
        }
        return false;
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 54); // Fibonacci hashing to 10 bits
    }
}
