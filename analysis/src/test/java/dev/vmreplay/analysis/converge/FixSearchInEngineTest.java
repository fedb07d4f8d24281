package dev.vmreplay.analysis.converge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.Presets;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search on the real engine: one vCPU rewriting its 128 MiB in address order at D = 200 MiB/s, looped, over
 * qemu-precopy's 128 MiB/s cap and under the 10 Gbit/s link. Under the cap every pass finds about the whole memory
 * dirty again, so the expected downtime stays near 1 s, over the 300 ms limit: the migration never converges, and
 * a higher cap must fix it. The exact threshold is not D (a page the writer reaches before the sender does goes out
 * with its write), so the test checks what the search promises: the cap found lies between the preset's cap and
 * the link rate, converges when replayed again from scratch, and a replayed cap within the tolerance below it did
 * not converge.
 */
class FixSearchInEngineTest {
    private static final long MIB = 1L << 20;
    private static final long MEMORY_BYTES = 128 * MIB;
    private static final long DIRTY_BYTES_PER_SEC = 200 * MIB;

    private static InMemoryMemoryTrace cyclicWriter() {
        long pages = MEMORY_BYTES / 4096;
        long pagesPerSec = DIRTY_BYTES_PER_SEC / 4096;
        MemoryBatch rows = new MemoryBatch((int) pages);
        for (long j = 0; j < pages; j++) {
            rows.add(Math.round(j * 1e9 / pagesPerSec), 0, j * 4096, 4096, MemoryBatch.OP_WRITE);
        }
        VmManifest manifest = new VmManifest(MEMORY_BYTES, 1, List.of(), List.of(), 0, 0, Map.of("generator", "test"),
                false);
        return new InMemoryMemoryTrace(rows, manifest, 4096);
    }

    @Test
    void cyclicWriterFasterThanTheCapTimesOutAndTheCapFoundConvergesWithAFailingCapWithinToleranceBelow() {
        InMemoryMemoryTrace trace = cyclicWriter();
        PresetReplay replay = new EngineReplay(trace::reopen, null);
        // A short bound keeps the never-converging replays to a fraction of a second each; trace costs off so D is
        // the guest's real rate.
        Map<String, String> overrides = Map.of("trace.end", "loop", "migration.timeout", "10s",
                "post-resume.window", "0", "trace.fire-cost", "0", "trace.install-cost", "0");
        Map<String, String> effective = Presets.config("qemu-precopy", overrides).effectiveSettings();
        List<Long> failingCaps = new ArrayList<>();
        ConvergenceVerdict v = FixSearch.verdict(replay, "qemu-precopy", overrides, effective,
                SearchLimits.defaults(), (preset, n, changes, m) -> {
                    if (changes.size() == 1 && changes.containsKey("precopy.max-bandwidth")
                            && Completion.of(m.outcome()) == Completion.FAILS) {
                        failingCaps.add(Quantity.parseBytesPerSecond(changes.get("precopy.max-bandwidth")));
                    }
                });

        assertEquals("timed-out", v.run().outcome(), v::toString);
        assertEquals(Completion.FAILS, v.completion());
        Fix cap = v.fixes().stream().filter(f -> f.kind() == FixKind.BANDWIDTH_CAP).findFirst().orElseThrow();
        long found = Quantity.parseBytesPerSecond(cap.value());
        long link = Quantity.parseBytesPerSecond(effective.get("link.bandwidth"));
        assertTrue(DIRTY_BYTES_PER_SEC > 128 * MIB && DIRTY_BYTES_PER_SEC < link, "the guest is built as described");
        assertTrue(found > 128 * MIB && found < link, () -> cap + " not between the preset's cap and the link rate");
        assertEquals("converged", cap.result().outcome());
        long largestFailing = failingCaps.stream().filter(c -> c < found).mapToLong(Long::longValue).max()
                .orElse(128 * MIB);
        assertTrue(found - largestFailing <= Math.max(MIB, 0.05 * found),
                () -> "found " + found + ", largest failing " + largestFailing);
        Map<String, String> withFix = new LinkedHashMap<>(overrides);
        withFix.putAll(cap.overrides());
        assertEquals("converged", replay.run("qemu-precopy", withFix).outcome());
    }
}
