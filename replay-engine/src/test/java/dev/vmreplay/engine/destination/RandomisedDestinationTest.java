package dev.vmreplay.engine.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every populate x zero-page combination against a plain oracle on random pre-copy migrations: a 64 MiB
 * guest whose pages 2048..6143 are eight 2 MiB large pages; pass 0 sends every page, the guest then
 * writes random pages (some with zeros) and later passes resend them, the last one in the stun;
 * afterwards the guest touches random pages. The oracle tracks each small page as never landed, hole or
 * backed in a {@link BitSet} and derives contiguity, faults and stun work from the rules in
 * {@link DestinationHost}'s javadoc. Fixed seeds, printed on failure.
 */
class RandomisedDestinationTest {
    static final long BASE_SEED = 0xDE57L;
    static final int PAGES = 16384;
    static final int FIRST_LARGE_PAGE = 2048;
    static final int LARGE_PAGES = 8;
    static final VmManifest GUEST = new VmManifest((long) PAGES * 4096, 4,
            List.of(new LargePageRange((long) FIRST_LARGE_PAGE * 4096, (long) LARGE_PAGES * 512 * 4096, LargePageRange.PAGE_2M)),
            List.of(), 0, 0, Map.of(), false);
    static final long MAP_COST = 50;
    static final long FAULT_COST = 1500;

    static java.util.stream.Stream<Arguments> combinations() {
        java.util.stream.Stream.Builder<Arguments> b = java.util.stream.Stream.builder();
        for (PopulatePolicy p : PopulatePolicy.values()) {
            for (ZeroPagePolicy z : ZeroPagePolicy.values()) {
                b.add(Arguments.of(p, z));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void destinationMatchesTheOracle(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        for (int run = 0; run < 12; run++) {
            long seed = BASE_SEED + run;
            try {
                check(populate, zeroPages, seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(populate.configName() + "/" + zeroPages.configName() + " failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void check(PopulatePolicy populate, ZeroPagePolicy zeroPages, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double availability = new double[] {1.0, 0.75, 0.5}[random.nextInt(3)];
        DestinationSpec spec = new DestinationSpec(populate, zeroPages, MAP_COST, FAULT_COST, 300, availability, seed);
        DestinationHost host = DestinationModels.create(spec, GUEST);
        assertEquals(Math.round(availability * LARGE_PAGES), host.largePagesBacked());

        BitSet zeroContent = new BitSet(PAGES);
        for (int i = 0; i < PAGES / 4; i++) {
            zeroContent.set(random.nextInt(PAGES));
        }
        BitSet landed = new BitSet(PAGES);
        BitSet hole = new BitSet(PAGES);
        boolean fills = zeroPages == ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE;
        BitSet dirty = new BitSet(PAGES);
        dirty.set(0, PAGES);
        int passes = 1 + random.nextInt(4);
        long now = 0;
        for (int pass = 0; pass <= passes; pass++) {
            boolean stun = pass == passes;
            BitSet sending = (BitSet) dirty.clone();
            dirty.clear();
            for (int page = sending.nextSetBit(0); page >= 0; page = sending.nextSetBit(page + 1)) {
                boolean zero = zeroContent.get(page);
                now += 100;
                long done = host.pageArrived(page, zero, stun, now);
                assertTrue(done >= now);
                // Oracle.
                int large = largeOf(page);
                boolean inBacked = large >= 0 && host.largePageBacked(large);
                if (zero) {
                    if (!landed.get(page) && inBacked && !fills) {
                        hole.set(page);
                    }
                } else {
                    hole.clear(page);
                }
                landed.set(page);
                if (!stun && random.nextInt(4) == 0) {
                    int written = random.nextInt(PAGES);
                    zeroContent.set(written, random.nextInt(5) == 0);
                    dirty.set(written);
                }
            }
        }
        long stunWork = host.stunWorkNanos();
        host.resume(now + stunWork);

        int whole = 0;
        for (int large = 0; large < LARGE_PAGES; large++) {
            int from = FIRST_LARGE_PAGE + large * 512;
            boolean holey = hole.nextSetBit(from) >= 0 && hole.nextSetBit(from) < from + 512;
            if (host.largePageBacked(large) && !holey) {
                whole++;
            }
        }
        assertEquals((double) (LARGE_PAGES - whole) / LARGE_PAGES, host.contiguityLoss(), "contiguity loss");
        long allMappings = (PAGES - LARGE_PAGES * 512) + whole + (long) (LARGE_PAGES - whole) * 512;
        assertEquals(allMappings, host.mappingsAtStun());
        long expectedStunWork = switch (populate) {
            case LAZY -> 0;
            case BEFORE_RESUME -> allMappings * MAP_COST;
            case DURING_TRANSFER -> 0; // mapped as the pages land, split ones included
        };
        assertEquals(expectedStunWork, stunWork, "stun work");

        BitSet touchedSmall = new BitSet(PAGES);
        BitSet touchedLarge = new BitSet(LARGE_PAGES);
        long stall = 0;
        for (int i = 0; i < 3000; i++) {
            int page = random.nextInt(PAGES);
            int large = largeOf(page);
            int from = large >= 0 ? FIRST_LARGE_PAGE + large * 512 : 0;
            boolean wholeLarge = large >= 0 && host.largePageBacked(large) && !(hole.nextSetBit(from) >= 0 && hole.nextSetBit(from) < from + 512);
            if (wholeLarge) {
                touchedLarge.set(large);
            } else {
                touchedSmall.set(page);
            }
            stall += host.touchAfterResume(page, i % 4, now + stunWork + i);
        }
        long distinctMappings = touchedSmall.cardinality() + touchedLarge.cardinality();
        long expectedFaults = populate == PopulatePolicy.LAZY ? distinctMappings : 0;
        assertEquals(expectedFaults, host.postResumeFaults(), "faults");
        assertEquals(expectedFaults * FAULT_COST, stall, "fault stall");
    }

    private static int largeOf(int page) {
        return page >= FIRST_LARGE_PAGE && page < FIRST_LARGE_PAGE + LARGE_PAGES * 512 ? (page - FIRST_LARGE_PAGE) / 512 : -1;
    }
}
