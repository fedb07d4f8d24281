package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The geometric pre-copy model: a guest of memory M writing distinct pages at rate D over a link of
 * rate R sends V_i = M (D/R)^i in pass i and switches over when V/R is under the target.
 */
class ClosedFormPrecopyTest {
    private static final long MIB = 1L << 20;

    @Test
    void precopyMatchesGeometricModelForTheWorkedExample() {
        // M = 8 GiB, D = 256 MiB/s (65536 pages/s), R = 1 GiB/s, target 300 ms.
        var trace = Guests.sequentialCyclicWriter(8L << 30, 65536, 11.0);
        MigrationConfig config = MigrationConfig.of(Guests.frictionless("1GiB/s", "300ms"));

        RunResult r = ReplayEngine.run(trace::reopen, null, config, "closed-form");
        Metrics m = r.metrics();

        List<PassStats> p = r.passes();
        assertEquals(4, p.size(), "3 passes and the stop-and-copy: " + p);
        assertEquals(3, m.iterations());
        assertWithinOnePercent(8192 * MIB, p.get(0).bytesSent(), "pass 0 bytes");
        assertWithinOnePercent(2048 * MIB, p.get(1).bytesSent(), "pass 1 bytes");
        assertWithinOnePercent(512 * MIB, p.get(2).bytesSent(), "pass 2 bytes");
        assertTrue(p.get(3).finalStopAndCopy());
        assertWithinOnePercent(128 * MIB, p.get(3).bytesSent(), "stop-and-copy bytes");
        assertWithinOnePercent(125_000_000L, m.downtimeNanos(), "downtime");
        assertWithinOnePercent(10880 * MIB, m.bytesSent(), "bytes sent");
        assertWithinOnePercent(10_625_000_000L, m.totalNanos(), "total time");
        assertTrue(m.converged());
        assertFalse(m.aborted());
        assertEquals(0, m.guestStallVcpuNanos());
    }

    @Test
    void slowerDirtyRateNeedsFewerPasses() {
        // D/R = 1/16: pass 0 sends 1 GiB in 1 s, 64 MiB dirty -> 62.5 ms < 100 ms target: one pass.
        var trace = Guests.sequentialCyclicWriter(1L << 30, 16384, 2.0);
        RunResult r = ReplayEngine.run(trace::reopen, null, MigrationConfig.of(Guests.frictionless("1GiB/s", "100ms")), "x");
        assertEquals(1, r.metrics().iterations());
        assertWithinOnePercent(64 * MIB, r.passes().get(1).bytesSent(), "stop-and-copy bytes");
        assertWithinOnePercent(62_500_000L, r.metrics().downtimeNanos(), "downtime");
    }

    static void assertWithinOnePercent(long expected, long actual, String what) {
        double err = Math.abs(actual - expected) / (double) expected;
        assertTrue(err <= 0.01, what + ": expected " + expected + " within 1%, was " + actual);
    }
}
