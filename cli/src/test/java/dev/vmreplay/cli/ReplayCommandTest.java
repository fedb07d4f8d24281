package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.analysis.cache.TraceCache;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void writeTrace() {
        trace = dir.resolve("guest.parquet");
        VmManifest vm = new VmManifest(32L << 20, 2, List.of(), List.of(), 0, 0, Map.of("generator", "test"), false);
        MemoryBatch b = new MemoryBatch(20_000);
        for (int i = 0; i < 20_000; i++) {
            b.add(i * 100_000L, i % 2, ((i * 7919L) % 4096) * 4096, 64, MemoryBatch.OP_WRITE);
        }
        try (MemoryTraceWriter w = Traces.createMemory(trace, vm)) {
            w.write(b);
            w.commit();
        }
    }

    private static CliRun run(CommandLine cl, String... args) {
        return CliRun.run(cl, args);
    }

    /** The root command with {@code replay} registered (added here until the root registers it itself). */
    private static CommandLine root() {
        CommandLine cl = VmreplayCommand.newCommandLine();
        if (!cl.getSubcommands().containsKey("replay")) {
            cl.addSubcommand(new ReplayCommand());
        }
        return cl;
    }

    private static CommandLine replay() {
        return new CommandLine(new ReplayCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Test
    void jsonHasOneObjectPerPresetWithEveryMetricAndTheConfig() throws Exception {
        CliRun r = run(replay(), trace.toString(), "--preset", "qemu-precopy", "--preset", "stop-and-copy",
                "--set", "link.bandwidth=1Gbit/s", "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertEquals(2, a.size());
        assertEquals("qemu-precopy", a.get(0).get("preset").asText());
        assertEquals("guest.parquet", a.get(0).get("trace").asText());
        for (String metric : List.of("downtime_ns", "total_ns", "bytes_sent", "iterations", "pages_sent", "zero_pages",
                "pages_resent", "trace_installs", "trace_fires", "guest_stall_vcpu_ns", "post_resume_faults",
                "contiguity_loss", "io_downtime_ns", "io_p99_ns", "io_delayed", "converged")) {
            assertTrue(a.get(0).has(metric), metric);
        }
        assertEquals("1Gbit/s", a.get(1).get("config").get("link.bandwidth").asText());
        assertEquals("stop-and-copy", a.get(1).get("config").get("migration.mode").asText());
        assertEquals(0, a.get(1).get("iterations").asInt());
        assertTrue(a.get(1).get("downtime_ns").asLong() > a.get(0).get("downtime_ns").asLong());
    }

    @Test
    void everyPresetRunsByDefaultAndTheTableHasARowEach() {
        CliRun r = run(replay(), trace.toString(), "--set", "link.bandwidth=1Gbit/s");
        assertEquals(0, r.exitCode(), r.toString());
        for (String p : Presets.names()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(p + " ")), p + "\n" + r.out());
        }
    }

    @Test
    void outWritesResultsAndPassesCsv() throws Exception {
        Path out = dir.resolve("out");
        CliRun r = run(replay(), trace.toString(), "--preset", "vmotion-stop-trace", "--format", "csv", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(2, results.size());
        assertTrue(results.get(0).contains("downtime_ns") && results.get(0).contains("config.link.bandwidth"));
        assertEquals(r.out(), String.join("\n", results) + "\n");
        String runId = new dev.vmreplay.analysis.results.RunSpec(trace, null, trace.getFileName().toString(), null,
                "vmotion-stop-trace", java.util.Map.of(), 0).runId();
        assertTrue(results.get(1).startsWith(runId + ","), "the run id a sweep gives the same run: " + results.get(1));
        List<String> passes = Files.readAllLines(out.resolve("passes.csv"));
        assertTrue(passes.get(0).startsWith("run_id,trace,preset,pass,start_ns"));
        assertTrue(passes.size() >= 3, "at least pass 0 and the stop-and-copy");
        assertTrue(passes.get(passes.size() - 1).endsWith(",true"));
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void badKeyIsABadInputErrorNamingTheKey() {
        CliRun r = run(root(), "replay", trace.toString(),
                "--set", "link.bandwith=1Gbit/s");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("link.bandwith"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void badValueAndUnknownPresetAreBadInput() {
        CliRun v = run(root(), "replay", trace.toString(),
                "--set", "precopy.downtime-target=soon");
        assertEquals(2, v.exitCode(), v.toString());
        assertTrue(v.err().contains("precopy.downtime-target") && v.err().contains("soon"), v.err());
        CliRun p = run(root(), "replay", trace.toString(),
                "--preset", "qemu");
        assertEquals(2, p.exitCode(), p.toString());
        assertTrue(p.err().contains("qemu"), p.err());
    }

    @Test
    void sameRunTwiceGivesByteIdenticalJson() {
        CliRun a = run(replay(), trace.toString(), "--preset", "seeds-all", "--format", "json");
        CliRun b = run(replay(), trace.toString(), "--preset", "seeds-all", "--format", "json");
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(a.out(), b.out());
    }

    @Test
    void presetsPrintsEverySettingOfEveryPreset() {
        CliRun r = run(new CommandLine(new PresetsCommand()));
        assertEquals(0, r.exitCode(), r.toString());
        for (String p : Presets.names()) {
            assertTrue(r.out().lines().anyMatch(l -> l.equals(p)), p);
        }
        assertTrue(r.out().contains("dest.populate") && r.out().contains("sriov.handover"));
        CliRun keys = run(new CommandLine(new PresetsCommand()), "--keys");
        assertTrue(keys.out().contains("precopy.max-bandwidth = 128MiB/s"), keys.out());
        assertTrue(keys.out().contains("QEMU 7.x"), keys.out());
    }

    @Test
    void everyPresetReadsOneCachedCopyOfTheTrace(@TempDir Path tmp) {
        Path fresh = UncachedTrace.write(tmp.resolve("fresh.parquet"));
        TraceCache cache = TraceCache.fromEnvironment();
        assertTrue(cache.enabled(), "the tests run with a trace cache (surefire sets VMREPLAY_TRACE_CACHE)");
        long conversionsBefore = cache.conversions();
        CliRun r = run(root(), "replay", fresh.toString(), "--preset", "qemu-precopy", "--preset", "postcopy",
                "--preset", "stop-and-copy", "--format", "csv");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals(conversionsBefore + 1, cache.conversions(), "three presets, one conversion");
        assertTrue(r.out().contains(",fresh.parquet,") && !r.out().contains(".arrow"),
                "rows are named after the file given: " + r.out());
    }
}
