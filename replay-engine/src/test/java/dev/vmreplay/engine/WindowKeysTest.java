package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The window path's conflict keys against a {@link HashMap} oracle (key to the vCPU that wrote it first in
 * the window and the wall time of that write), over many windows on one table emptied by
 * {@link WindowKeys#reset} in between: the same answer for every {@code add} (recorded, full, or the first
 * writer's wall time), the same membership, the same size, and nothing left over from an earlier window.
 * Windows draw their keys from a few hundred values (repeats, several vCPUs per key), from the whole
 * {@code long} range, or as pages and granules around one address as {@code WriteTraces.conflictKey}
 * makes them; about half of them write more than {@link WindowKeys#LIMIT} keys. Fixed seeds, printed on
 * failure.
 */
class WindowKeysTest {
    private static final long BASE_SEED = 0x3E75L;
    private static final int SEEDS = 6;
    private static final int WINDOWS = 300;

    @Test
    void keysMatchAHashMapOracleOverManyWindows() {
        for (int run = 0; run < SEEDS; run++) {
            long seed = BASE_SEED + run;
            try {
                check(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void aFullTableStillAnswersForTheKeysItHolds() {
        WindowKeys keys = new WindowKeys();
        for (int k = 0; k < WindowKeys.LIMIT; k++) {
            assertEquals(WindowKeys.ADDED, keys.add(k, 0, 100 + k));
        }
        assertEquals(WindowKeys.FULL, keys.add(WindowKeys.LIMIT, 0, 1000));
        assertFalse(keys.contains(WindowKeys.LIMIT));
        assertEquals(WindowKeys.ADDED, keys.add(7, 0, 2000), "the owner writing again");
        assertEquals(107, keys.add(7, 1, 2000), "another vCPU: the owner's first write");
        assertEquals(WindowKeys.LIMIT, keys.size());
        keys.reset();
        assertEquals(0, keys.size());
        assertFalse(keys.contains(7));
        assertEquals(WindowKeys.ADDED, keys.add(7, 1, 3000), "a new window: vCPU 1 owns the key");
        assertEquals(3000, keys.add(7, 0, 3001));
    }

    private static void check(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        WindowKeys keys = new WindowKeys();
        List<Long> earlier = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            String window = "window " + w;
            Map<Long, long[]> expected = new HashMap<>(); // key -> {owner, first wall}
            int vcpus = 1 + random.nextInt(8);
            long[] wall = new long[vcpus];
            for (int v = 0; v < vcpus; v++) {
                wall[v] = random.nextLong(1L << 40);
            }
            int kind = random.nextInt(3);
            long base = random.nextLong(1L << 40);
            int writes = random.nextInt(2 * WindowKeys.LIMIT);
            for (int i = 0; i < writes; i++) {
                long key = switch (kind) {
                    case 0 -> random.nextInt(3 * WindowKeys.LIMIT);
                    case 1 -> random.nextLong();
                    default -> random.nextBoolean()
                            ? (base + random.nextInt(4096)) << 1 // a page
                            : ((base >>> 9) + random.nextInt(8)) << 1 | 1; // a 2 MiB granule
                };
                int v = random.nextInt(vcpus);
                wall[v] += random.nextInt(3); // a vCPU's writes come in time order, ties included
                long[] known = expected.get(key);
                long want;
                if (known != null) {
                    want = known[0] == v ? WindowKeys.ADDED : known[1];
                } else if (expected.size() == WindowKeys.LIMIT) {
                    want = WindowKeys.FULL;
                } else {
                    expected.put(key, new long[] {v, wall[v]});
                    want = WindowKeys.ADDED;
                }
                long t = wall[v];
                int write = i;
                Supplier<String> at = () -> window + " write " + write + ": add(" + key + ", " + v + ", " + t + ")";
                assertEquals(want, keys.add(key, v, t), at);
                assertEquals(expected.size(), keys.size(), () -> at.get() + ": size()");
                assertEquals(expected.containsKey(key), keys.contains(key), () -> at.get() + ": contains(key)");
                long other = random.nextLong();
                assertEquals(expected.containsKey(other), keys.contains(other), () -> at.get() + ": contains(" + other + ")");
            }
            for (Long key : expected.keySet()) {
                assertTrue(keys.contains(key), window + " at its end: contains(" + key + ")");
            }
            for (Long key : earlier) {
                assertEquals(expected.containsKey(key), keys.contains(key), window + ": key " + key + " of the window before");
            }
            earlier = new ArrayList<>(expected.keySet());
            keys.reset();
            assertEquals(0, keys.size(), window + ": size() after reset()");
        }
    }
}
