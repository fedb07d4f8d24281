package dev.vmreplay.engine.technique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** QEMU 7.2 auto-converge (migration/ram.c), its rule worked by hand sync by sync. */
class AutoConvergeTest {
    private static final long S = 1_000_000_000L;
    private static final long PAGE = 4096;

    /** A sync every second, each finding {@code dirtyPages} newly dirty after {@code sentPages} more went out. */
    private static double[] shareAfterEachSync(AutoConverge a, int syncs, long dirtyPages, long sentPages) {
        double[] share = new double[syncs + 1];
        long sent = 0;
        for (int k = 1; k <= syncs; k++) {
            sent += sentPages * PAGE;
            a.onSync(k * S, dirtyPages, sent);
            share[k] = a.share();
        }
        return share;
    }

    @Test
    void throttleStepsOnEverySecondHighPeriodAndChecksOnlyMoreThanASecondApart() {
        AutoConverge a = new AutoConverge(20, 10, 99, 50, false);
        a.start(0, 0);
        // Syncs at 1 s, 2 s, ...: 1000 ms is not more than 1000 ms after the check at 0, so the first check is
        // at 2 s (period 0..2 s), then 4 s, 6 s... Every period dirties as much as it sends (> 50%): high.
        double[] share = shareAfterEachSync(a, 12, 1000, 1000);
        assertEquals(0.0, share[3]);
        assertEquals(0.2, share[4], 1e-12, "second high period (checks at 2 s and 4 s): cpu-throttle-initial");
        assertEquals(0.2, share[7], 1e-12);
        assertEquals(0.3, share[8], 1e-12, "checks at 6 s and 8 s: + cpu-throttle-increment");
        assertEquals(0.4, share[12], 1e-12);
        assertEquals(0.4, a.highestShare(), 1e-12);
    }

    @Test
    void aLowPeriodBetweenTwoHighOnesDoesNotResetTheCount() {
        AutoConverge a = new AutoConverge(20, 10, 99, 50, false);
        a.start(0, 0);
        assertFalse(a.onSync(1_500_000_000L, 1000, 1000 * PAGE)); // high #1 (check: 1500 ms > 1000 ms)
        assertFalse(a.onSync(3_000_000_000L, 100, 2000 * PAGE)); // low: 100 pages vs 50% of 1000
        assertTrue(a.onSync(4_500_000_000L, 1000, 3000 * PAGE), "high #2: QEMU resets the count only when it throttles");
        assertEquals(0.2, a.share(), 1e-12);
    }

    @Test
    void dirtyingExactlyTheThresholdIsNotHigh() {
        AutoConverge a = new AutoConverge(20, 10, 99, 50, false);
        a.start(0, 0);
        // bytes_dirty_period > bytes_xfer_period x 50 / 100: equal is not above
        a.onSync(2 * S, 500, 1000 * PAGE);
        a.onSync(4 * S, 500, 2000 * PAGE);
        assertEquals(0.0, a.share());
    }

    @Test
    void throttleStopsAtItsMaximum() {
        AutoConverge a = new AutoConverge(20, 30, 60, 50, false);
        a.start(0, 0);
        double[] share = shareAfterEachSync(a, 16, 1000, 1000);
        assertEquals(0.2, share[4], 1e-12);
        assertEquals(0.5, share[8], 1e-12);
        assertEquals(0.6, share[12], 1e-12, "min(0.5 + 0.3, max-cpu-throttle 0.6)");
        assertEquals(0.6, share[16], 1e-12);
    }

    @Test
    void tailslowStepsOnlyAsFarAsTheDirtyRateNeeds() {
        AutoConverge a = new AutoConverge(20, 10, 99, 50, true);
        a.start(0, 0);
        shareAfterEachSync(a, 4, 1000, 1000);
        assertEquals(0.2, a.share(), 1e-12);
        // Period dirties 600 pages against 1000 sent (threshold 500): cpu_now 80, ideal 80 x 500/600 = 66.67 -> 66,
        // increment min(80 - 66, 10) = 10 -> 30%. With 550 dirty: ideal 72.7 -> 72, increment 8 -> 28%.
        a.onSync(6 * S, 550, 5000 * PAGE);
        a.onSync(8 * S, 550, 6000 * PAGE);
        assertEquals(0.28, a.share(), 1e-12);
    }

    @Test
    void sleepPerTimesliceIsQemusFormula() {
        // cpu_throttle_thread: (int64_t)(pct / (1 - pct) x 10 ms + 1)
        assertEquals(2_500_001L, ThrottleGuest.sleepNanos(0.2));
        assertEquals(4_285_715L, ThrottleGuest.sleepNanos(0.3));
        assertEquals(990_000_000L, ThrottleGuest.sleepNanos(0.99), "0.99 / 0.01 is 98.99999999999991 in doubles, as in C");
        assertEquals(0, ThrottleGuest.sleepNanos(0));
    }

    @Test
    void percentagesOutsideQemusRangeAreRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AutoConverge(0, 10, 99, 50, false));
        assertTrue(e.getMessage().contains("throttle.initial"), e.getMessage());
    }
}
