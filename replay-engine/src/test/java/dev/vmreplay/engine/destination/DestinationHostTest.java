package dev.vmreplay.engine.destination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.config.ConfigChoice;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Component tests of the destination host with hand-worked numbers.
 *
 * <p>The guest: 16 MiB = 4096 small pages; pages 0..2047 are four 2 MiB large pages L0..L3 (512
 * small pages each), pages 2048..4095 are small-page memory. Zero pages: 517 (in L1), 1636 and 1637
 * (in L3) and 3000 (outside any large page). Every page is sent once, page {@code i} arriving at
 * {@code i * 1000} ns, zero pages as zero markers.
 */
class DestinationHostTest {
    static final VmManifest GUEST = new VmManifest(16L << 20, 2,
            List.of(new LargePageRange(0, 8L << 20, LargePageRange.PAGE_2M)), List.of(), 0, 0, Map.of(), false);
    static final long[] ZERO_PAGES = {517, 1636, 1637, 3000};
    static final long ARRIVAL_GAP_NANOS = 1000;
    static final long MAP_COST = 100;
    static final long FAULT_COST = 2000;
    static final long ZERO_FILL_COST = 400;

    static DestinationSpec spec(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        return new DestinationSpec(populate, zeroPages, MAP_COST, FAULT_COST, ZERO_FILL_COST, 1.0, 7);
    }

    static boolean isZero(long page) {
        for (long z : ZERO_PAGES) {
            if (z == page) {
                return true;
            }
        }
        return false;
    }

    /** Sends every page once; returns the processing delay (finish - arrival) of each page. */
    static long[] sendAll(DestinationHost host, boolean duringStun) {
        long[] delay = new long[4096];
        for (int page = 0; page < 4096; page++) {
            long arrival = page * ARRIVAL_GAP_NANOS;
            long done = host.pageArrived(page, isZero(page), duringStun, arrival);
            assertTrue(done >= arrival, "page " + page + " finished before it arrived");
            delay[page] = done - arrival;
        }
        return delay;
    }

    static DestinationHost migrated(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(populate, zeroPages), GUEST);
        sendAll(host, false);
        host.stunWorkNanos();
        host.resume(10_000_000);
        return host;
    }

    @Test
    void leaveUnbackedLosesContiguityInExactlyTheLargePagesHoldingZeroPages() {
        DestinationHost host = migrated(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED);
        assertEquals(4, host.sourceLargePages());
        assertEquals(2, host.largePagesWholeAtResume(), "L0 and L2 hold no zero page");
        assertEquals(0.5, host.contiguityLoss());
        assertEquals(0, host.zeroPagesFilled());
        // Which ones: L1 and L3 fault per small page, L0 and L2 once per large page.
        assertEquals(FAULT_COST, host.touchAfterResume(0, 0, 20_000_000));
        assertEquals(0, host.touchAfterResume(511, 0, 20_000_000));
        assertEquals(FAULT_COST, host.touchAfterResume(512, 0, 20_000_000));
        assertEquals(FAULT_COST, host.touchAfterResume(513, 0, 20_000_000));
        assertEquals(FAULT_COST, host.touchAfterResume(1024, 0, 20_000_000));
        assertEquals(0, host.touchAfterResume(1535, 0, 20_000_000));
        assertEquals(FAULT_COST, host.touchAfterResume(1536, 0, 20_000_000));
        assertEquals(FAULT_COST, host.touchAfterResume(1537, 0, 20_000_000));
    }

    @Test
    void zeroFillInLargePageKeepsEveryLargePageWholeAndFillsOnlyZeroPagesInsideThem() {
        DestinationHost host = migrated(PopulatePolicy.LAZY, ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE);
        assertEquals(4, host.largePagesWholeAtResume());
        assertEquals(0.0, host.contiguityLoss());
        assertEquals(3, host.zeroPagesFilled(), "517, 1636, 1637; page 3000 is outside a large page");
        assertEquals(3 * ZERO_FILL_COST, host.destinationCpuBusyNanos());
    }

    @Test
    void dataArrivingLaterBacksAHoleAndRestoresContiguity() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED), GUEST);
        sendAll(host, false);
        assertEquals(0.5, host.contiguityLoss());
        host.pageArrived(517, false, false, 5_000_000); // the guest wrote page 517, resent with data
        assertEquals(0.25, host.contiguityLoss());
        host.pageArrived(1636, true, true, 6_000_000); // still zero: stays a hole
        assertEquals(0.25, host.contiguityLoss());
        host.stunWorkNanos();
        host.resume(7_000_000);
        assertEquals(3, host.largePagesWholeAtResume());
    }

    @Test
    void zeroMarkerForAPageAlreadyBackedDoesNotSplitItsLargePage() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED), GUEST);
        host.pageArrived(3, false, false, 0);
        host.pageArrived(3, true, false, 1000);
        assertEquals(0.0, host.contiguityLoss());
    }

    @Test
    void lazyFaultsEqualTheDistinctMappingsTouchedAfterResume() {
        // Touches: L0 (3 pages, 1 mapping), L1 pages 517 and 518 (split: 2 mappings), page 2048 twice
        // and page 3000 (2 mappings) -> 5 distinct mappings with leave-unbacked; with zero-fill L1 is
        // whole, so 517 and 518 are one mapping -> 4.
        long[] touches = {0, 1, 511, 517, 518, 2048, 2048, 3000, 0, 517};
        DestinationHost unbacked = migrated(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED);
        DestinationHost filled = migrated(PopulatePolicy.LAZY, ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE);
        long stallUnbacked = 0;
        long stallFilled = 0;
        for (long page : touches) {
            stallUnbacked += unbacked.touchAfterResume(page, 1, 20_000_000);
            stallFilled += filled.touchAfterResume(page, 1, 20_000_000);
        }
        assertEquals(5, unbacked.postResumeFaults());
        assertEquals(5 * FAULT_COST, stallUnbacked);
        assertEquals(4, filled.postResumeFaults());
        assertEquals(4 * FAULT_COST, stallFilled);
        assertEquals(0, unbacked.stunWorkNanos(), "lazy does nothing in the stun");
    }

    @Test
    void beforeResumeAndDuringTransferTakeNoFault() {
        for (PopulatePolicy populate : new PopulatePolicy[] {PopulatePolicy.BEFORE_RESUME, PopulatePolicy.DURING_TRANSFER}) {
            for (ZeroPagePolicy zero : ZeroPagePolicy.values()) {
                DestinationHost host = migrated(populate, zero);
                for (long page = 0; page < 4096; page += 7) {
                    assertEquals(0, host.touchAfterResume(page, 0, 20_000_000), populate + "/" + zero + " page " + page);
                }
                assertEquals(0, host.postResumeFaults(), populate + "/" + zero);
            }
        }
    }

    @Test
    void beforeResumeMapsEveryMappingInTheStun() {
        // leave-unbacked: 2048 small pages outside + L0 + L2 whole + 2 x 512 split = 3074 mappings.
        DestinationHost unbacked = migrated(PopulatePolicy.BEFORE_RESUME, ZeroPagePolicy.LEAVE_UNBACKED);
        assertEquals(3074, unbacked.mappingsAtStun());
        assertEquals(3074 * MAP_COST, unbacked.stunWorkNanos());
        // zero-fill: 2048 + 4 whole large pages = 2052 mappings.
        DestinationHost filled = migrated(PopulatePolicy.BEFORE_RESUME, ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE);
        assertEquals(2052 * MAP_COST, filled.stunWorkNanos());
    }

    @Test
    void duringTransferAddsNoStunWorkWhenTheDestinationCpuKeepsUp() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE), GUEST);
        long[] delay = sendAll(host, false);
        for (int page = 0; page < 4096; page++) {
            long expected;
            if (page >= 2048) {
                expected = MAP_COST; // own small mapping, created as it lands
            } else if (page % 512 == 511) {
                expected = MAP_COST; // last small page of a large page: its one mapping
            } else if (page == 517 || page == 1636 || page == 1637) {
                expected = ZERO_FILL_COST;
            } else {
                expected = 0;
            }
            assertEquals(expected, delay[page], "page " + page);
        }
        // The stop-and-copy resends pages already mapped: nothing new to map.
        host.pageArrived(100, false, true, 9_000_000);
        host.pageArrived(2500, false, true, 9_001_000);
        assertEquals(0, host.stunWorkNanos());
        assertEquals(2052, host.mappingsCreatedBeforeResume());
        host.resume(10_000_000);
        assertEquals(0.0, host.contiguityLoss());
    }

    @Test
    void duringTransferMapsALargePageHoldingAnUnbackedZeroPageSplitWhenItsLastPageLands() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.LEAVE_UNBACKED), GUEST);
        long[] delay = sendAll(host, false);
        // L1 (hole 517) and L3 (holes 1636, 1637) complete at pages 1023 and 2047: 512 small mappings each,
        // 51.2 us of CPU. After L1 the CPU has caught up before L2 completes; after L3, page 2048 waits.
        assertEquals(512 * MAP_COST, delay[1023]);
        assertEquals(512 * MAP_COST, delay[2047]);
        assertEquals(MAP_COST, delay[1535], "L2 is whole: one mapping");
        assertEquals(512 * MAP_COST - ARRIVAL_GAP_NANOS + MAP_COST, delay[2048], "the CPU is still on L3's split");
        assertEquals(0, host.stunWorkNanos());
        assertEquals(3074, host.mappingsCreatedBeforeResume());
        host.resume(10_000_000);
        assertEquals(0, host.touchAfterResume(517, 0, 20_000_000), "the hole was mapped too (to zeros)");
    }

    @Test
    void duringTransferReplacesTheSmallMappingsWhenTheLastHoleIsBackedLater() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.LEAVE_UNBACKED), GUEST);
        sendAll(host, false);
        long done = host.pageArrived(517, false, true, 9_000_000); // the guest wrote it: resent in the stop-and-copy
        assertEquals(9_000_000 + MAP_COST, done, "one large mapping replaces L1's small ones");
        assertEquals(3075, host.mappingsCreatedBeforeResume());
        assertEquals(0, host.stunWorkNanos());
        host.resume(10_000_000);
        assertEquals(0.25, host.contiguityLoss(), "only L3 is split now");
    }

    @Test
    void duringTransferSlowsArrivalsWhenTheDestinationCpuCannotKeepUp() {
        VmManifest small = VmManifest.assumed(100 * 4096, 1);
        DestinationSpec slow = new DestinationSpec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.LEAVE_UNBACKED,
                3000, FAULT_COST, ZERO_FILL_COST, 1.0, 7);
        DestinationHost host = DestinationModels.create(slow, small);
        for (int page = 0; page < 100; page++) {
            // Arrivals every 1 us, 3 us of mapping each: page i is mapped at 3 us * (i + 1).
            assertEquals(3000L * (page + 1), host.pageArrived(page, false, false, page * 1000L), "page " + page);
        }
        assertEquals(0, host.stunWorkNanos());
    }

    @Test
    void pagesFirstLandingInTheStopAndCopyAreMappedAsTheyLandOverlappedWithIt() {
        DestinationHost duringTransfer = DestinationModels.create(spec(PopulatePolicy.DURING_TRANSFER, ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE), GUEST);
        long[] delay = sendAll(duringTransfer, true);
        assertEquals(ZERO_FILL_COST, delay[517]);
        assertEquals(MAP_COST, delay[2048], "mapped on arrival, finished before the next page lands");
        assertEquals(0, duringTransfer.stunWorkNanos(), "nothing left once the last page has landed");
        assertEquals(2052, duringTransfer.mappingsCreatedBeforeResume());
    }

    @Test
    void beforeResumeHasTheLargestStunWork() {
        for (ZeroPagePolicy zero : ZeroPagePolicy.values()) {
            long lazy = migrated(PopulatePolicy.LAZY, zero).stunWorkNanos();
            long before = migrated(PopulatePolicy.BEFORE_RESUME, zero).stunWorkNanos();
            long during = migrated(PopulatePolicy.DURING_TRANSFER, zero).stunWorkNanos();
            assertTrue(before > during && before > lazy, zero + ": before " + before + " during " + during + " lazy " + lazy);
        }
    }

    @Test
    void oneGibLargePageWithAZeroPageSplitsInto262144Mappings() {
        VmManifest guest = new VmManifest(2L << 30, 1,
                List.of(new LargePageRange(1L << 30, 1L << 30, LargePageRange.PAGE_1G)), List.of(), 0, 0, Map.of(), false);
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.BEFORE_RESUME, ZeroPagePolicy.LEAVE_UNBACKED), guest);
        long pages = guest.smallPages();
        long zeroPage = 262144 + 1000;
        for (long page = 0; page < pages; page++) {
            host.pageArrived(page, page == zeroPage, false, page);
        }
        // 262144 small pages below 1 GiB + the split 1 GiB page's 262144 small mappings.
        assertEquals(524288 * MAP_COST, host.stunWorkNanos());
        host.resume(pages);
        assertEquals(1.0, host.contiguityLoss());
    }

    @Test
    void availabilityBacksTheExpectedNumberOfLargePagesDeterministically() {
        // 2 GiB of 2 MiB large pages = 1024 large pages; availability 0.3 -> round(307.2) = 307 backed.
        VmManifest guest = new VmManifest(2L << 30, 1,
                List.of(new LargePageRange(0, 2L << 30, LargePageRange.PAGE_2M)), List.of(), 0, 0, Map.of(), false);
        DestinationSpec base = spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED).withLargePageAvailability(0.3);
        DestinationHost a = DestinationModels.create(base, guest);
        DestinationHost b = DestinationModels.create(base, guest);
        DestinationHost other = DestinationModels.create(
                new DestinationSpec(base.populate(), base.zeroPages(), MAP_COST, FAULT_COST, ZERO_FILL_COST, 0.3, 8), guest);
        assertEquals(1024, a.sourceLargePages());
        assertEquals(307, a.largePagesBacked());
        assertEquals(307, other.largePagesBacked());
        assertArrayEquals(backedPattern(a, guest), backedPattern(b, guest), "same seed, same large pages");
        assertFalse(java.util.Arrays.equals(backedPattern(a, guest), backedPattern(other, guest)), "another seed picks others");
        a.stunWorkNanos();
        a.resume(0);
        assertEquals(1024 - 307, Math.round(a.contiguityLoss() * 1024));
        assertEquals(0, DestinationModels.create(base.withLargePageAvailability(0.0), guest).largePagesBacked());
        assertEquals(1024, DestinationModels.create(base.withLargePageAvailability(1.0), guest).largePagesBacked());
    }

    private static boolean[] backedPattern(DestinationHost host, VmManifest guest) {
        boolean[] backed = new boolean[host.sourceLargePages()];
        for (int i = 0; i < backed.length; i++) {
            backed[i] = host.largePageBacked(i);
        }
        return backed;
    }

    @Test
    void noLargePagesMeansNoContiguityLoss() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED), VmManifest.assumed(4096 * 8, 1));
        host.pageArrived(0, true, false, 0);
        host.resume(1);
        assertEquals(0.0, host.contiguityLoss());
    }

    @Test
    void misuseFailsLoudly() {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED), GUEST);
        assertThrows(IllegalArgumentException.class, () -> host.pageArrived(4096, false, false, 0));
        assertThrows(IllegalStateException.class, () -> host.touchAfterResume(0, 0, 0));
        host.stunWorkNanos();
        assertThrows(IllegalStateException.class, () -> host.pageArrived(1, false, true, 0));
        host.resume(5);
        assertThrows(IllegalStateException.class, () -> host.resume(6));
    }

    @Test
    void specRejectsOutOfRangeValuesNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED).withLargePageAvailability(1.5));
        assertTrue(e.getMessage().contains("dest.large-page-availability"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DestinationSpec(PopulatePolicy.LAZY, ZeroPagePolicy.LEAVE_UNBACKED, -1, 0, 0, 1, 0));
        assertTrue(e.getMessage().contains("dest.map-cost"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigChoice.parse(PopulatePolicy.class, "dest.populate", "eager"));
        assertTrue(e.getMessage().contains("dest.populate"), e.getMessage());
        assertEquals(ZeroPagePolicy.ZERO_FILL_IN_LARGE_PAGE,
                ConfigChoice.parse(ZeroPagePolicy.class, "dest.zero-pages", "zero-fill-in-large-page"));
    }
}
