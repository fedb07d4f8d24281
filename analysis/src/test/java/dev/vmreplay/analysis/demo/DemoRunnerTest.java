package dev.vmreplay.analysis.demo;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoRunnerTest {
    @TempDir
    Path dir;

    /** Two fake guests, so the demo's flow can be checked without the engine. */
    private static final DemoFleet FAKE_FLEET = new DemoFleet() {
        @Override
        public String description() {
            return "two fake guests";
        }

        @Override
        public List<RunSpec> prepare(Path tracesDir) {
            Path a = FakeBackend.writeTrace(tracesDir.resolve("a.parquet"), 1L << 30);
            Path b = FakeBackend.writeTrace(tracesDir.resolve("b.parquet"), 2L << 30);
            return List.of(new RunSpec(b, null, "b.parquet", null, "x", Map.of(), 0),
                    new RunSpec(a, null, "a.parquet", null, "x", Map.of(), 0));
        }
    };

    @Test
    void demoSweepsEveryPresetWritesTheReportAndSummarises() throws Exception {
        DemoRunner.Outcome o = DemoRunner.run(new FakeBackend(), FAKE_FLEET, dir, 2, SweepListener.NONE, DemoRunner.DEMO_POINTS);
        assertEquals(2 * FakeBackend.PRESETS.size() * 2, o.runs());
        assertTrue(Files.size(o.report().html()) > 10_000);
        assertTrue(Files.exists(o.report().markdown()));
        String s = o.summary();
        assertTrue(s.startsWith("2 guests at migration.start=500ms, trace.end=loop, link.bandwidth=25Gbit/s; "), s);
        // seeds-all downtime ratio to qemu-precopy on both guests: (0.02 * 1.25) / (0.1 * 2) = 0.125,
        // so the geometric mean is 0.125 -> "0.13×"; its faults and contiguity are the fake's constants.
        String seeds = s.lines().filter(l -> l.trim().startsWith("seeds-all")).findFirst().orElseThrow();
        assertTrue(seeds.contains(" 0.13× "), s);
        assertTrue(seeds.contains(" " + 2 * FakeBackend.faults("seeds-all") + " "), s);
        // the shortest downtime per guest, worked out from the fake's closed form at 25 Gbit/s
        for (long memory : new long[] {1L << 30, 2L << 30}) {
            String best = null;
            long bestDowntime = Long.MAX_VALUE;
            for (String preset : FakeBackend.PRESETS) {
                long d = FakeBackend.metrics(preset, memory, 25e9).downtimeNanos();
                if (d < bestDowntime) {
                    bestDowntime = d;
                    best = preset;
                }
            }
            String guest = memory == 1L << 30 ? "a.parquet" : "b.parquet";
            String expectedBest = best;
            assertTrue(s.lines().anyMatch(l -> l.trim().startsWith(guest + " ") && l.contains(" " + expectedBest + " ")), s);
        }
    }

    @Test
    void generatedFleetIsReadableAndIdenticalOnEveryRun() throws Exception {
        List<RunSpec> first = new GeneratedDemoFleet().prepare(dir.resolve("one"));
        new GeneratedDemoFleet().prepare(dir.resolve("two"));
        assertEquals(List.of("db-io.parquet", "web-hotcold.parquet"), first.stream().map(RunSpec::traceName).toList());
        for (String f : List.of("web-hotcold.parquet", "db-io.parquet", "db-io.io.parquet")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(f)), Files.readAllBytes(dir.resolve("two").resolve(f)), f);
        }
        long rows = 0;
        try (MemoryTraceReader r = Traces.openMemory(dir.resolve("one/web-hotcold.parquet"))) {
            assertEquals(512L << 20, r.manifest().memoryBytes());
            MemoryBatch b = new MemoryBatch();
            while (r.next(b)) {
                rows += b.size;
            }
        }
        assertEquals(360_000, rows, "12 s at 30k writes/s");
        long io = 0;
        try (IoTraceReader r = Traces.openIo(dir.resolve("one/db-io.io.parquet"))) {
            IoBatch b = new IoBatch();
            while (r.next(b)) {
                io += b.size;
            }
        }
        assertEquals(120_000, io, "one request every 100 us for 12 s");
    }
}
