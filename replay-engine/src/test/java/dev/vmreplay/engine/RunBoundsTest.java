package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every run ends within a bound the user can see, and a run too long or too large for this JVM is refused. */
class RunBoundsTest {
    private static final long GIB = 1L << 30;
    private static final long S = 1_000_000_000L;

    @Test
    void autoBoundIsFiveMinutesOrFivePassesAtMostAnHour() {
        RunSpec run = MigrationConfig.defaults().run();
        assertEquals(300 * S, run.boundNanos(GIB, 128L << 20), "5 passes of 1 GiB at 128 MiB/s are 40 s: 5 min");
        assertEquals(2560 * S, run.boundNanos(64 * GIB, 128L << 20), "5 passes of 64 GiB at 128 MiB/s");
        assertEquals(3600 * S, run.boundNanos(64 * GIB, 1), "a link of 1 B/s: an hour");
        RunSpec set = MigrationConfig.of(Map.of("migration.timeout", "10s")).run();
        assertEquals(10 * S, set.boundNanos(64 * GIB, 1));
    }

    @Test
    void aLoopedGuestOnALinkOfOneBytePerSecondEndsAtTheAutoBound() {
        // The recording loops forever and pre-copy never ends at 1 B/s: only the bound (an hour here) stops it.
        MemoryBatch rows = new MemoryBatch(2);
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(S / 2, 0, 4096, 4096, MemoryBatch.OP_WRITE);
        var trace = new InMemoryMemoryTrace(rows, Guests.manifest(64L << 20, 1), 4096);
        Metrics m = ReplayEngine.run(trace::reopen, null, MigrationConfig.of(Map.of("link.bandwidth", "1B/s",
                "trace.end", "loop")), "slow").metrics();
        assertEquals("timed-out", m.outcome());
        assertEquals(3600 * S, m.outcomeNanos());
    }

    @Test
    void aTransferPastTheClocksRangeIsBadInputNamingTheRate() {
        // 64 GiB at 1 B/s is 2.2 thousand years: past int64 ns, never a clamped downtime
        var trace = new InMemoryMemoryTrace(new MemoryBatch(1), Guests.manifest(64 * GIB, 1), 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayEngine.run(trace::reopen,
                null, MigrationConfig.of(Map.of("link.bandwidth", "1B/s", "migration.mode", "stop-and-copy")), "x"));
        assertTrue(e.getMessage().contains("link.bandwidth"), e.getMessage());
    }

    @Test
    void aGuestTooLargeForTheHeapIsRefusedWithTheHeapToGive() {
        var vm = Guests.manifest(4096 * GIB, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapEstimate.check(vm, 512L << 20));
        // 2^30 pages x 2 B + 128 MiB = 2.125 GiB; x 1.5 rounded up = 4 GiB
        assertEquals("a guest of 4096.0 GiB needs about 2.1 GiB of heap for one replay and this JVM may use 0.5 GiB: "
                + "run with VMREPLAY_JAVA_OPTS=-Xmx4g (per replay running at once)", e.getMessage());
        HeapEstimate.check(Guests.manifest(GIB, 1), 512L << 20); // 1 GiB needs 128.5 MiB
    }
}
