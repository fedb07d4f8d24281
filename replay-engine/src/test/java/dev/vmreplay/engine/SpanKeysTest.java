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
 * The span path's conflict keys against a {@link HashMap} oracle (key to the vCPU that wrote it first in
 * the span and the wall time of that write), over many spans on one table emptied by
 * {@link SpanKeys#reset} in between: the same answer for every {@code add} (recorded, full, or the first
 * writer's wall time), the same membership, the same size, and nothing left over from an earlier span.
 * Windows draw their keys from a few hundred values (repeats, several vCPUs per key), from the whole
 * {@code long} range, or as pages and granules around one address as {@code WriteTraces.conflictKey}
 * makes them; about half of them write more than {@link SpanKeys#LIMIT} keys. Fixed seeds, printed on
 * failure.
 */
class SpanKeysTest {
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
        SpanKeys keys = new SpanKeys();
        for (int k = 0; k < SpanKeys.LIMIT; k++) {
            assertEquals(SpanKeys.ADDED, keys.add(k, 0, 100 + k));
        }
        assertEquals(SpanKeys.FULL, keys.add(SpanKeys.LIMIT, 0, 1000));
        assertFalse(keys.contains(SpanKeys.LIMIT));
        assertEquals(SpanKeys.ADDED, keys.add(7, 0, 2000), "the owner writing again");
        assertEquals(107, keys.add(7, 1, 2000), "another vCPU: the owner's first write");
        assertEquals(SpanKeys.LIMIT, keys.size());
        keys.reset();
        assertEquals(0, keys.size());
        assertFalse(keys.contains(7));
        assertEquals(SpanKeys.ADDED, keys.add(7, 1, 3000), "a new span: vCPU 1 owns the key");
        assertEquals(3000, keys.add(7, 0, 3001));
    }

    private static void check(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SpanKeys keys = new SpanKeys();
        List<Long> earlier = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            String span = "span " + w;
            Map<Long, long[]> expected = new HashMap<>(); // key -> {owner, first wall}
            int vcpus = 1 + random.nextInt(8);
            long[] wall = new long[vcpus];
            for (int v = 0; v < vcpus; v++) {
                wall[v] = random.nextLong(1L << 40);
            }
            int kind = random.nextInt(3);
            long base = random.nextLong(1L << 40);
            int writes = random.nextInt(2 * SpanKeys.LIMIT);
            for (int i = 0; i < writes; i++) {
                long key = switch (kind) {
                    case 0 -> random.nextInt(3 * SpanKeys.LIMIT);
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
                    want = known[0] == v ? SpanKeys.ADDED : known[1];
                } else if (expected.size() == SpanKeys.LIMIT) {
                    want = SpanKeys.FULL;
                } else {
                    expected.put(key, new long[] {v, wall[v]});
                    want = SpanKeys.ADDED;
                }
                long t = wall[v];
                int write = i;
                Supplier<String> at = () -> span + " write " + write + ": add(" + key + ", " + v + ", " + t + ")";
                assertEquals(want, keys.add(key, v, t), at);
                assertEquals(expected.size(), keys.size(), () -> at.get() + ": size()");
                assertEquals(expected.containsKey(key), keys.contains(key), () -> at.get() + ": contains(key)");
                long other = random.nextLong();
                assertEquals(expected.containsKey(other), keys.contains(other), () -> at.get() + ": contains(" + other + ")");
            }
            for (Long key : expected.keySet()) {
                assertTrue(keys.contains(key), span + " at its end: contains(" + key + ")");
            }
            for (Long key : earlier) {
                assertEquals(expected.containsKey(key), keys.contains(key), span + ": key " + key + " of the span before");
            }
            earlier = new ArrayList<>(expected.keySet());
            keys.reset();
            assertEquals(0, keys.size(), span + ": size() after reset()");
        }
    }
}
