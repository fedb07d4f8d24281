package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A guest dirtying 128 MiB/s at random over 64 MiB never converges over a 64 MiB/s link on its own. */
class StuckMigrationTest {
    private static final long SEED = 7L;

    private static RunResult run(String onStuck) {
        var trace = Guests.randomWriter(64L << 20, 2, 16384, 32768, 40.0, SEED);
        Map<String, String> s = Guests.frictionless("64MiB/s", "300ms");
        s.put("precopy.on-stuck", onStuck);
        return ReplayEngine.run(trace::reopen, null, MigrationConfig.of(s), onStuck);
    }

    @Test
    void forceBoundsThePassesAndReportsNotConverged() {
        RunResult r = run("force");
        Metrics m = r.metrics();
        assertFalse(m.converged());
        assertFalse(m.aborted());
        assertTrue(m.iterations() <= 4, "seed " + SEED + ": passes " + m.iterations());
        assertTrue(m.downtimeNanos() > 300_000_000L, "forced downtime is over target: " + m.downtimeNanos());
        assertEquals(0, m.guestStallVcpuNanos());
    }

    @Test
    void throttleConvergesBySlowingTheGuest() {
        Metrics forced = run("force").metrics();
        RunResult r = run("throttle");
        Metrics m = r.metrics();
        assertTrue(m.converged(), "seed " + SEED + ": " + r.passes());
        assertTrue(m.downtimeNanos() <= 300_000_000L, "downtime " + m.downtimeNanos());
        assertTrue(m.guestStallVcpuNanos() > forced.guestStallVcpuNanos());
        // stall grows pass over pass while the throttle steps up
        long firstThrottled = -1;
        long last = 0;
        for (PassStats p : r.passes()) {
            if (!p.finalStopAndCopy() && p.guestStallVcpuNanos() > 0) {
                if (firstThrottled < 0) {
                    firstThrottled = p.guestStallVcpuNanos() * 1_000_000_000L / Math.max(1, p.durationNanos());
                }
                last = p.guestStallVcpuNanos() * 1_000_000_000L / Math.max(1, p.durationNanos());
            }
        }
        assertTrue(firstThrottled > 0 && last > firstThrottled,
                "stall per second of pass grows: first " + firstThrottled + ", last " + last);
    }

    @Test
    void abortReportsAndLeavesTheGuestOnTheSource() {
        Metrics m = run("abort").metrics();
        assertTrue(m.aborted());
        assertFalse(m.converged());
        assertEquals(0, m.downtimeNanos());
        assertTrue(m.totalNanos() > 0);
    }

    @Test
    void xenPassLimitCountsAsStuck() {
        var trace = Guests.randomWriter(64L << 20, 2, 16384, 32768, 40.0, SEED);
        Map<String, String> s = Guests.frictionless("64MiB/s", "300ms");
        s.put("precopy.max-passes", "1");
        s.put("precopy.on-stuck", "force");
        Metrics m = ReplayEngine.run(trace::reopen, null, MigrationConfig.of(s), "xen").metrics();
        assertEquals(1, m.iterations());
        assertFalse(m.converged());
    }
}
