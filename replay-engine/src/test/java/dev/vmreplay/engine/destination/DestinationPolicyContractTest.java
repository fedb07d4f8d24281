package dev.vmreplay.engine.destination;

import static dev.vmreplay.engine.destination.DestinationHostTest.ARRIVAL_GAP_NANOS;
import static dev.vmreplay.engine.destination.DestinationHostTest.FAULT_COST;
import static dev.vmreplay.engine.destination.DestinationHostTest.GUEST;
import static dev.vmreplay.engine.destination.DestinationHostTest.MAP_COST;
import static dev.vmreplay.engine.destination.DestinationHostTest.ZERO_FILL_COST;
import static dev.vmreplay.engine.destination.DestinationHostTest.isZero;
import static dev.vmreplay.engine.destination.DestinationHostTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contracts every page-table population ({@code dest.populate}) and every zero-page handling
 * ({@code dest.zero-pages}) keep, run over every value of {@link PopulatePolicy} and {@link ZeroPagePolicy}
 * (a new policy is picked up automatically; its hand-worked numbers go into the {@code expected...}
 * switches). The guest is {@link DestinationHostTest}'s: 4096 small pages, large pages L0..L3 over pages
 * 0..2047, zero pages 517 (L1), 1636 and 1637 (L3) and 3000 (outside), page {@code i} arriving at
 * {@code i} us.
 */
class DestinationPolicyContractTest {
    static final long AFTER_RESUME_NANOS = 20_000_000;

    static List<Arguments> everyPolicyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (PopulatePolicy populate : PopulatePolicy.values()) {
            for (ZeroPagePolicy zeroPages : ZeroPagePolicy.values()) {
                pairs.add(Arguments.of(populate, zeroPages));
            }
        }
        return pairs;
    }

    /** Sends page {@code page} (a zero marker when it is a zero page); checks it is not finished before it arrived. */
    static long send(DestinationHost host, long page, long arrivalNanos) {
        long done = host.pageArrived(page, isZero(page), false, arrivalNanos);
        assertTrue(done >= arrivalNanos, "page " + page + " finished at " + done + " before it arrived at " + arrivalNanos);
        return done - arrivalNanos;
    }

    static DestinationHost migrated(DestinationSpec spec) {
        DestinationHost host = DestinationModels.create(spec, GUEST);
        for (long page = 0; page < 4096; page++) {
            send(host, page, page * ARRIVAL_GAP_NANOS);
        }
        host.stunWorkNanos();
        host.resume(10_000_000);
        return host;
    }

    // ---- page-table population ----

    @ParameterizedTest
    @MethodSource("everyPolicyPair")
    void noMappingIsMadeBeforeAllItsPagesHaveLanded(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(populate, zeroPages), GUEST);
        boolean[] split = new boolean[4];
        long landedMappings = 0;
        for (long page = 0; page < 4096; page++) {
            long filledBefore = host.zeroPagesFilled();
            send(host, page, page * ARRIVAL_GAP_NANOS);
            if (page < 2048) {
                int large = (int) (page / 512);
                split[large] |= isZero(page) && host.zeroPagesFilled() == filledBefore;
                if (page % 512 == 511) {
                    landedMappings += split[large] ? 512 : 1;
                }
            } else {
                landedMappings++;
            }
            assertTrue(host.mappingsCreatedBeforeResume() <= landedMappings, populate + "/" + zeroPages + ": "
                    + host.mappingsCreatedBeforeResume() + " mappings made once page " + page + " landed, only " + landedMappings + " can be");
        }
        long stunWork = host.stunWorkNanos();
        assertTrue(stunWork >= 0);
        assertEquals(stunWork, host.stunWorkNanos(), "the stun work is worked out once");
        assertEquals(landedMappings, host.mappingsAtStun(), "1 per whole large page, 1 per other small page");
        assertTrue(host.mappingsCreatedBeforeResume() <= host.mappingsAtStun());
    }

    @ParameterizedTest
    @MethodSource("everyPolicyPair")
    void everyMappingIsMadeOnceByResumeOrFaultedInOnceAfter(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        DestinationHost host = migrated(spec(populate, zeroPages));
        long stallNanos = 0;
        for (long page = 0; page < 4096; page++) {
            stallNanos += host.touchAfterResume(page, 0, AFTER_RESUME_NANOS);
        }
        String where = populate + "/" + zeroPages;
        assertEquals(host.mappingsAtStun(), host.mappingsCreatedBeforeResume() + host.postResumeFaults(), where);
        assertEquals(host.postResumeFaults() * FAULT_COST, stallNanos, where + ": each fault costs dest.fault-cost");
        long faults = host.postResumeFaults();
        for (long page = 0; page < 4096; page++) {
            assertEquals(0, host.touchAfterResume(page, 1, AFTER_RESUME_NANOS + 1), where + ": page " + page + " touched again");
        }
        assertEquals(faults, host.postResumeFaults(), where);
    }

    /** Stun work, mappings made before resume, faults touching every page, destination CPU work. */
    record PopulationNumbers(long stunWorkNanos, long mappingsBeforeResume, long faults, long cpuNanos) {
    }

    static PopulationNumbers expectedPopulation(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        long mappings = expectedZeroPages(zeroPages).mappingsAtStun();
        long fills = expectedZeroPages(zeroPages).pagesFilled() * ZERO_FILL_COST;
        return switch (populate) {
            case LAZY -> new PopulationNumbers(0, 0, mappings, fills);
            case BEFORE_RESUME -> new PopulationNumbers(mappings * MAP_COST, mappings, 0, fills);
            case DURING_TRANSFER -> new PopulationNumbers(0, mappings, 0, mappings * MAP_COST + fills);
        };
    }

    @ParameterizedTest
    @MethodSource("everyPolicyPair")
    void handWorkedStunWorkMappingsAndFaults(PopulatePolicy populate, ZeroPagePolicy zeroPages) {
        DestinationHost host = migrated(spec(populate, zeroPages));
        for (long page = 0; page < 4096; page++) {
            host.touchAfterResume(page, 0, AFTER_RESUME_NANOS);
        }
        PopulationNumbers expected = expectedPopulation(populate, zeroPages);
        String where = populate + "/" + zeroPages;
        assertEquals(expected.stunWorkNanos(), host.stunWorkNanos(), where + ": stun work");
        assertEquals(expected.mappingsBeforeResume(), host.mappingsCreatedBeforeResume(), where + ": mappings before resume");
        assertEquals(expected.faults(), host.postResumeFaults(), where + ": faults after resume");
        assertEquals(expected.cpuNanos(), host.destinationCpuBusyNanos(), where + ": destination CPU");
    }

    // ---- zero-page handling ----

    @ParameterizedTest
    @EnumSource(ZeroPagePolicy.class)
    void aZeroMarkerInsideABackedLargePageIsEitherFilledAtItsCostOrSplitsTheLargePage(ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, zeroPages), GUEST);
        boolean[] split = new boolean[4];
        for (long page = 0; page < 4096; page++) {
            long filledBefore = host.zeroPagesFilled();
            long delay = send(host, page, page * ARRIVAL_GAP_NANOS);
            boolean filled = host.zeroPagesFilled() > filledBefore;
            assertTrue(!filled || isZero(page) && page < 2048, zeroPages + ": page " + page + " filled");
            assertEquals(filled ? ZERO_FILL_COST : 0, delay, zeroPages + ": page " + page + " (lazy: only fills cost)");
            if (page < 2048 && isZero(page) && !filled) {
                split[(int) (page / 512)] = true;
            }
        }
        assertEquals(host.zeroPagesFilled() * ZERO_FILL_COST, host.destinationCpuBusyNanos(), zeroPages.toString());
        host.stunWorkNanos();
        host.resume(10_000_000);
        int splitCount = 0;
        for (boolean s : split) {
            splitCount += s ? 1 : 0;
        }
        assertEquals(4 - splitCount, host.largePagesWholeAtResume(), zeroPages + ": large pages whole");
        assertEquals(splitCount / 4.0, host.contiguityLoss(), zeroPages.toString());
    }

    @ParameterizedTest
    @EnumSource(ZeroPagePolicy.class)
    void withoutDestinationLargePagesZeroMarkersCostNothing(ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, zeroPages).withLargePageAvailability(0.0), GUEST);
        for (long page = 0; page < 4096; page++) {
            assertEquals(0, send(host, page, page * ARRIVAL_GAP_NANOS), zeroPages + ": page " + page);
        }
        assertEquals(0, host.zeroPagesFilled());
        host.resume(10_000_000);
        assertEquals(1.0, host.contiguityLoss(), "no source large page got a destination large page");
    }

    @ParameterizedTest
    @EnumSource(ZeroPagePolicy.class)
    void aRepeatedZeroMarkerChangesNothing(ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, zeroPages), GUEST);
        for (long page = 0; page < 4096; page++) {
            send(host, page, page * ARRIVAL_GAP_NANOS);
        }
        long filled = host.zeroPagesFilled();
        double loss = host.contiguityLoss();
        assertEquals(0, send(host, 517, 5_000_000), zeroPages.toString());
        assertEquals(filled, host.zeroPagesFilled(), zeroPages.toString());
        assertEquals(loss, host.contiguityLoss(), zeroPages.toString());
    }

    @ParameterizedTest
    @EnumSource(ZeroPagePolicy.class)
    void dataLandingOnEveryZeroPageLeavesEveryLargePageWhole(ZeroPagePolicy zeroPages) {
        DestinationHost host = DestinationModels.create(spec(PopulatePolicy.LAZY, zeroPages), GUEST);
        for (long page = 0; page < 4096; page++) {
            send(host, page, page * ARRIVAL_GAP_NANOS);
        }
        for (long page : new long[] {517, 1636, 1637}) {
            host.pageArrived(page, false, true, 5_000_000 + page); // the guest wrote them: resent with data
        }
        host.stunWorkNanos();
        host.resume(10_000_000);
        assertEquals(0.0, host.contiguityLoss(), zeroPages.toString());
    }

    /** Zero pages filled, large pages whole at resume, mappings at the stun. */
    record ZeroPageNumbers(long pagesFilled, int largePagesWhole, long mappingsAtStun) {
    }

    static ZeroPageNumbers expectedZeroPages(ZeroPagePolicy zeroPages) {
        return switch (zeroPages) {
            // L1 and L3 split: 2048 small pages outside + L0 + L2 + 2 x 512
            case LEAVE_UNBACKED -> new ZeroPageNumbers(0, 2, 2048 + 2 + 2 * 512);
            // 517, 1636, 1637 filled (3000 is outside a large page): 2048 + 4 whole large pages
            case ZERO_FILL_IN_LARGE_PAGE -> new ZeroPageNumbers(3, 4, 2048 + 4);
        };
    }

    @ParameterizedTest
    @EnumSource(ZeroPagePolicy.class)
    void handWorkedFillsAndContiguity(ZeroPagePolicy zeroPages) {
        DestinationHost host = migrated(spec(PopulatePolicy.LAZY, zeroPages));
        ZeroPageNumbers expected = expectedZeroPages(zeroPages);
        assertEquals(expected.pagesFilled(), host.zeroPagesFilled(), zeroPages.toString());
        assertEquals(expected.largePagesWhole(), host.largePagesWholeAtResume(), zeroPages.toString());
        assertEquals(expected.mappingsAtStun(), host.mappingsAtStun(), zeroPages.toString());
    }
}
