package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.PassStats;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.trace.InMemoryIoTrace;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SR-IOV replay inside the engine, end to end. A 32 MiB guest writing random
 * pages for 1 s; an IO trace with one queue of depth 64, a request every 1 ms from 0 to 3 s, each served
 * in 50 ms - so at any moment about 50 requests are in flight, and at a stun at {@code s} the last one
 * submitted (at {@code floor(s / 1 ms) * 1 ms}) has {@code floor(s / 1 ms) * 1 ms + 50 ms - s} to go.
 */
class SriovInEngineTest {
    static final long SERVICE = 50_000_000L;

    static InMemoryMemoryTrace guest() {
        VmManifest vm = new VmManifest(32L << 20, 2, List.of(), List.of(), 1, 64, Map.of("generator", "SriovInEngineTest"), false);
        MemoryBatch rows = new MemoryBatch(4096);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            rows.add(i * 500_000L, i % 2, random.nextLong(8192) * 4096, 8, MemoryBatch.OP_WRITE);
        }
        return new InMemoryMemoryTrace(rows, vm, 512);
    }

    static InMemoryIoTrace io() {
        IoBatch rows = new IoBatch(4096);
        for (int i = 0; i < 3000; i++) {
            rows.add(i * 1_000_000L, 0, i, IoBatch.OP_WRITE, i * 4096L, 4096, SERVICE);
        }
        return new InMemoryIoTrace(rows, IoTraces.manifest(1, 64), 700);
    }

    static RunResult run(String preset, boolean withIo, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("post-resume.window", "5s"));
        settings.putAll(extra);
        RunResult r = ReplayEngine.run(guest()::reopen, withIo ? SriovInEngineTest::io : null, Presets.config(preset, settings), preset);
        assertTrue(!r.metrics().aborted(), r.toString());
        return r;
    }

    static long stunAt(RunResult r) {
        for (PassStats p : r.passes()) {
            if (p.finalStopAndCopy()) {
                return p.startNanos(); // migration.start is 0
            }
        }
        throw new AssertionError("no stop-and-copy in " + r);
    }

    @Test
    void drainDuringStunDowntimeGrowsByTheLongestOutstandingServiceTime() {
        RunResult noIo = run("qemu-precopy", false, Map.of());
        RunResult drain = run("qemu-precopy", true, Map.of("sriov.vf-state-move-cost", "0"));
        long stun = stunAt(drain);
        assertEquals(stunAt(noIo), stun, "draining happens inside the stun: the stun starts at the same time");
        long longestRemaining = (stun / 1_000_000L) * 1_000_000L + SERVICE - stun;
        assertEquals(longestRemaining, drain.metrics().ioDowntimeNanos());
        assertEquals(noIo.metrics().downtimeNanos() + longestRemaining, drain.metrics().downtimeNanos());
        assertEquals(noIo.metrics().bytesSent(), drain.metrics().bytesSent());
    }

    @Test
    void quiesceBeforeStunKeepsTheDrainOutOfTheDowntime() {
        RunResult noIo = run("qemu-precopy", false, Map.of());
        RunResult drain = run("qemu-precopy", true, Map.of());
        RunResult quiesce = run("+quiesce-vf", true, Map.of());
        long moveCost = 50_000; // sriov.vf-state-move-cost default
        assertEquals(moveCost, quiesce.metrics().ioDowntimeNanos());
        assertTrue(stunAt(quiesce) >= stunAt(noIo) + moveCost, "the wait happens before the stun, the guest running");
        long drainGrowth = drain.metrics().downtimeNanos() - noIo.metrics().downtimeNanos();
        long quiesceGrowth = quiesce.metrics().downtimeNanos() - noIo.metrics().downtimeNanos();
        assertTrue(drainGrowth > SERVICE / 50, "drain waits inside the stun: " + drainGrowth);
        assertTrue(quiesceGrowth < drainGrowth / 2, "quiesce " + quiesceGrowth + " ns vs drain " + drainGrowth + " ns");
        assertTrue(quiesce.metrics().ioDelayed() > 0 && drain.metrics().ioDelayed() > 0);
        assertTrue(drain.metrics().ioP99Nanos() >= SERVICE, "every request takes 50 ms at least");
    }

    @Test
    void everyPresetReplaysTheIoTraceWithEveryRequestCompletedOnce() {
        for (String preset : Presets.names()) {
            // finish() throws on any request lost, duplicated or taken out of ring order.
            RunResult r = run(preset, true, Map.of());
            assertTrue(r.metrics().ioP99Nanos() >= SERVICE || r.metrics().aborted(), preset + ": " + r.metrics());
        }
    }
}
