package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.InMemoryIoTrace;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine loop drives the destination host and the SR-IOV replay at the documented moments. */
class HostModelsIntegrationTest {
    private static final long SEED = 42;

    /** One queue of depth 4; a request every 500 us, each served in 20 ms. */
    static IoTraceReader slowIo(double seconds) {
        IoBatch rows = new IoBatch();
        long n = (long) (seconds * 2000);
        for (long i = 0; i < n; i++) {
            rows.add(i * 500_000L, 0, i, IoBatch.OP_WRITE, i * 4096, 4096, 20_000_000L);
        }
        VmManifest vm = new VmManifest(64L << 20, 2, List.of(), List.of(), 1, 4, Map.of(), false);
        return new InMemoryIoTrace(rows, vm);
    }

    private static RunResult run(String preset) {
        var trace = Guests.randomWriter(64L << 20, 2, 4096, 5000, 6.0, SEED);
        MigrationConfig c = Presets.config(preset, Map.of("link.bandwidth", "1Gbit/s", "post-resume.window", "2s"));
        return ReplayEngine.run(trace::reopen, () -> slowIo(8.0), c, preset);
    }

    @Test
    void quiescingTheVfBeforeTheStunTakesTheDrainOutOfTheDowntime() {
        Metrics drain = run("qemu-precopy").metrics();
        Metrics quiesce = run("+quiesce-vf").metrics();
        assertTrue(drain.ioDowntimeNanos() > 0, "drain waits for outstanding responses: " + drain);
        assertTrue(quiesce.ioDowntimeNanos() < drain.ioDowntimeNanos(), quiesce + " vs " + drain);
        assertTrue(quiesce.downtimeNanos() < drain.downtimeNanos());
        assertTrue(drain.ioP99Nanos() >= 20_000_000L);
    }

    @Test
    void populatingBeforeResumeMovesFaultsIntoTheDowntime() {
        Metrics lazy = run("qemu-precopy").metrics();
        Metrics before = run("+populate-before-resume").metrics();
        Metrics during = run("+populate-during-transfer").metrics();
        assertTrue(lazy.postResumeFaults() > 0, "the guest touches pages in the 2 s window: " + lazy);
        assertEquals(0, before.postResumeFaults());
        assertEquals(0, during.postResumeFaults());
        assertTrue(before.downtimeNanos() > lazy.downtimeNanos(), before + " vs " + lazy);
    }
}
