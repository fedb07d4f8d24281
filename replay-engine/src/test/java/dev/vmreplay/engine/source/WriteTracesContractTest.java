package dev.vmreplay.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.MigrationConfig;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every write-trace policy keeps, whatever its granularity, checked on each policy
 * {@link WriteTraces#forConfig} builds. A policy is one line in {@link #policies()}.
 *
 * <p>The guest has 264741 pages: one whole 1 GiB granule and a partial one, 517 whole 2 MiB granules
 * and a partial one, so every policy has a short last granule. Writes go mostly to the first 2048 pages
 * and the last 700 (several writes per granule), the rest anywhere. As in the replay, the dirty bitmap
 * is taken (cleared) exactly when the traces are re-armed. Fixed seeds, printed on failure.
 */
class WriteTracesContractTest {
    static final long PAGES = 262_144 + 2597;
    static final long FIRE_COST_NANOS = 1000;
    static final long INSTALL_COST_NANOS = 3;
    static final long BASE_SEED = 0x7ACEL;
    static final int SEEDS = 4;
    static final int SYNCS = 12;

    /** One policy: the settings that choose it, and the armed bitmap passed to forConfig (or none). */
    record Policy(Map<String, String> settings, LongFunction<Bitmap> smallPageArmedOrNull) {
        WriteTraces create() {
            Map<String, String> s = new LinkedHashMap<>(settings);
            s.put("trace.fire-cost", FIRE_COST_NANOS + "ns");
            s.put("trace.install-cost", INSTALL_COST_NANOS + "ns");
            return WriteTraces.forConfig(MigrationConfig.of(s), PAGES, smallPageArmedOrNull.apply(PAGES));
        }

        long granulePages() {
            return MigrationConfig.of(settings).traces().granularityBytes() / 4096;
        }
    }

    static Stream<Named<Policy>> policies() {
        return Stream.of(
                policy("4 KiB traces", Map.of("trace.granularity", "4KiB"), pages -> null),
                policy("4 KiB traces sharing an interleaved array", Map.of("trace.granularity", "4KiB"),
                        pages -> Bitmap.interleaved(pages, 4)[3]),
                policy("2 MiB traces dirtying the granule", Map.of("trace.granularity", "2MiB", "trace.coarse-policy", "dirty-granule"), pages -> null),
                policy("2 MiB traces refining", Map.of("trace.granularity", "2MiB", "trace.coarse-policy", "refine"), pages -> null),
                policy("1 GiB traces dirtying the granule", Map.of("trace.granularity", "1GiB", "trace.coarse-policy", "dirty-granule"), pages -> null),
                policy("1 GiB traces refining", Map.of("trace.granularity", "1GiB", "trace.coarse-policy", "refine"), pages -> null));
    }

    private static Named<Policy> policy(String name, Map<String, String> settings, LongFunction<Bitmap> armed) {
        return Named.of(name, new Policy(settings, armed));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void armingInstallsOneTracePerGranuleAndNothingFiresBefore(Policy policy) {
        WriteTraces traces = policy.create();
        Bitmap dirty = new Bitmap(PAGES);
        long granules = (PAGES + policy.granulePages() - 1) / policy.granulePages();
        assertEquals(0, traces.onWrite(0, dirty));
        assertEquals(0, traces.onWrite(PAGES - 1, dirty));
        assertTrue(dirty.isEmpty());
        assertEquals(0, traces.fires());
        assertEquals(0, traces.installs());
        assertEquals(granules, traces.armAll());
        assertEquals(granules, traces.installs());
        assertEquals(0, traces.rearm(), "nothing fired since arming: nothing to re-arm");
        assertEquals(granules, traces.installs());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void randomWritesKeepTheContract(Policy policy) {
        for (int run = 0; run < SEEDS; run++) {
            long seed = BASE_SEED + run;
            try {
                checkContract(policy, seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * What {@link WriteTraces#conflictKey} promises the span path: two writes whose keys differ leave the
     * same state in either order (dirty pages, fires, installs, the stall each writer pays).
     */
    @ParameterizedTest
    @MethodSource("policies")
    void writesWithDifferentConflictKeysCommute(Policy policy) {
        for (int run = 0; run < SEEDS; run++) {
            long seed = BASE_SEED + run;
            try {
                checkCommute(policy, seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static long randomPage(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> random.nextLong(2048);
            case 2 -> PAGES - 1 - random.nextLong(700);
            default -> random.nextLong(PAGES);
        };
    }

    private static void checkContract(Policy policy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long g = policy.granulePages();
        WriteTraces traces = policy.create();
        Bitmap dirty = new Bitmap(PAGES);
        long armInstalls = traces.armAll();
        long stallNanos = 0;
        long stalledWrites = 0;
        for (int sync = 0; sync < SYNCS; sync++) {
            BitSet writtenPages = new BitSet();
            BitSet writtenGranules = new BitSet();
            int writes = random.nextInt(3000);
            for (int i = 0; i < writes; i++) {
                long page = randomPage(random);
                long granule = page / g;
                String at = "sync " + sync + " write " + i + " to page " + page;
                long key = traces.conflictKey(page);
                boolean coarseArmed = g > 1 && !writtenGranules.get((int) granule);
                assertEquals(coarseArmed ? granule << 1 | 1 : page << 1, key,
                        at + ": a granule's key while its coarse trace is armed, the page's otherwise");
                long firesBefore = traces.fires();
                long stall = traces.onWrite(page, dirty);
                boolean fired = traces.fires() > firesBefore;
                assertEquals(fired ? firesBefore + 1 : firesBefore, traces.fires(), at + ": at most one fire per write");
                assertEquals(fired, stall > 0, at + ": the writer stalls exactly when a trace fires");
                if (!writtenGranules.get((int) granule)) {
                    assertTrue(fired, at + ": the first write to an armed granule fires");
                }
                if (writtenPages.get((int) page)) {
                    assertEquals(0, stall, at + ": a page fires once until re-armed");
                }
                assertTrue(dirty.get(page), at + ": a written page is dirty");
                writtenPages.set((int) page);
                writtenGranules.set((int) granule);
                stallNanos += stall;
                stalledWrites += fired ? 1 : 0;
            }
            String at = "sync " + sync;
            assertEquals(stalledWrites, traces.fires(), at);
            long installsOnWrites = traces.installs() - armInstalls;
            assertEquals(traces.fires() * FIRE_COST_NANOS + installsOnWrites * INSTALL_COST_NANOS, stallNanos,
                    at + ": writers pay one fire cost per fire and one install cost per trace installed on a write");
            for (long p = dirty.nextSetBit(0); p >= 0; p = dirty.nextSetBit(p + 1)) {
                long dirtyPage = p;
                assertTrue(writtenGranules.get((int) (p / g)), () -> at + ": page " + dirtyPage + " is dirty but its granule was not written");
            }
            // the sync: the dirty set is taken and the traces re-armed
            dirty.clearAll();
            long before = traces.installs();
            long rearmed = traces.rearm();
            assertEquals(writtenGranules.cardinality(), rearmed, at + ": re-arming installs one trace per granule that fired");
            assertEquals(before + rearmed, traces.installs(), at + ": installs counts the re-armed traces");
            armInstalls += rearmed;
        }
    }

    private static void checkCommute(Policy policy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        WriteTraces ab = policy.create();
        WriteTraces ba = policy.create();
        Bitmap dirtyAb = new Bitmap(PAGES);
        Bitmap dirtyBa = new Bitmap(PAGES);
        Bitmap scratch = new Bitmap(PAGES);
        ab.armAll();
        ba.armAll();
        int pairs = 0;
        for (int step = 0; step < 2000; step++) {
            String at = "step " + step;
            if (random.nextInt(500) == 0) {
                dirtyAb.clearAll();
                dirtyBa.clearAll();
                assertEquals(ab.rearm(), ba.rearm(), at);
                continue;
            }
            long a = randomPage(random);
            long b = randomPage(random);
            long key = ab.conflictKey(a);
            assertEquals(key, ba.conflictKey(a), at);
            if (key == ab.conflictKey(b)) {
                // same key: both apply a first, so the two stay alike
                assertEquals(ab.onWrite(a, dirtyAb), ba.onWrite(a, dirtyBa), at);
                continue;
            }
            pairs++;
            String pair = at + ": pages " + a + " then " + b + " vs " + b + " then " + a;
            long abStallA = ab.onWrite(a, dirtyAb);
            long abStallB = ab.onWrite(b, dirtyAb);
            long baStallB = ba.onWrite(b, dirtyBa);
            long baStallA = ba.onWrite(a, dirtyBa);
            assertEquals(abStallA, baStallA, pair + ": the stall of the write to " + a);
            assertEquals(abStallB, baStallB, pair + ": the stall of the write to " + b);
            assertEquals(ab.fires(), ba.fires(), pair + ": fires");
            assertEquals(ab.installs(), ba.installs(), pair + ": installs");
            assertTrue(sameBits(dirtyAb, dirtyBa, scratch), pair + ": the dirty pages");
        }
        assertTrue(pairs > 500, "the seed makes pairs with different keys: " + pairs);
    }

    private static boolean sameBits(Bitmap x, Bitmap y, Bitmap scratch) {
        scratch.clearAll();
        scratch.or(x);
        scratch.andNot(y);
        if (!scratch.isEmpty()) {
            return false;
        }
        scratch.or(y);
        scratch.andNot(x);
        return scratch.isEmpty();
    }
}
