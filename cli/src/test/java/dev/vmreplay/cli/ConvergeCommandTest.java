package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.analysis.cache.RemoteFiles;
import dev.vmreplay.analysis.cache.TraceCache;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.converge.SearchLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvergeCommandTest {

    @Test
    void missingTraceExitsTwoWithOneLine(@TempDir Path dir) {
        CliRun r = CliRun.run("converge", dir.resolve("nope.parquet").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).startsWith("vmreplay: ") && r.err().contains("nope.parquet"), r.toString());
        assertEquals("", r.out());
    }

    @Test
    void unknownPresetExitsTwoBeforeAnyReplay(@TempDir Path dir) {
        CliRun r = CliRun.run("converge", dir.resolve("nope.parquet").toString(), "--preset", "no-such");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("no-such"), r.toString());
    }

    @Test
    void linkAndSetLinkBandwidthTogetherExitTwo(@TempDir Path dir) {
        CliRun r = CliRun.run("converge", dir.resolve("t.parquet").toString(), "--link", "25Gbit/s",
                "--set", "link.bandwidth=10Gbit/s");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
    }

    @Test
    void helpStatesTheMostReplaysASearchTakes() {
        CliRun r = CliRun.run("converge", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("at most " + SearchLimits.defaults().maxReplaysPerPreset() + " replays per preset"),
                r.out());
    }

    @Test
    void jsonOnACompletingGuestIsOneObjectPerPresetWithoutFixesAndDeterministic() throws Exception {
        Path sample = Path.of(ConvergeCommandTest.class.getResource("/samples/sort-dirty-epochs.parquet").toURI());
        String[] args = {"converge", sample.toString(), "--preset", "postcopy", "--preset", "kubevirt-defaults",
            "--format", "json"};
        CliRun r = CliRun.run(args);
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertEquals(2, a.size());
        assertEquals("postcopy", a.get(0).get("preset").asText());
        assertEquals("completed", a.get(0).get("outcome").asText());
        assertEquals("yes", a.get(0).get("completes").asText());
        assertEquals(0, a.get(0).get("fixes").size());
        assertEquals(1, a.get(0).get("replays").asInt());
        assertEquals(2, r.errLines().size(), "one progress line per replay: " + r.err());
        assertEquals(r.out(), CliRun.run(args).out());
    }

    @Test
    void aSearchReadsItsTraceThroughTheTraceCache(@TempDir Path dir) {
        Path trace = UncachedTrace.write(dir.resolve("guest.parquet"));
        TraceCache shared = TraceCache.fromEnvironment(); // the instance converge's process uses
        assertTrue(shared.enabled(), "the tests run with a trace cache (surefire sets VMREPLAY_TRACE_CACHE)");
        long conversionsBefore = shared.conversions();
        // post-copy's verdict and a pre-copy search: several replays of the one trace
        CliRun r = CliRun.run("converge", trace.toString(), "--preset", "postcopy", "--preset", "qemu-precopy",
                "--format", "json");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.errLines().size() >= 2, "more than one replay: " + r.err());
        assertEquals(conversionsBefore + 1, shared.conversions(), "every replay read one conversion");

        // The next command (a cache of its own over the same directory) finds the copy and the key.
        TraceCache next = TraceCache.at(shared.directory().orElseThrow(), TraceCache.DEFAULT_MAX_BYTES,
                TraceCache.DEFAULT_GRACE, RemoteFiles.standard());
        try (TraceCache.Lease lease = next.acquire(TraceLocation.of(trace))) {
            assertTrue(Files.isRegularFile(lease.file()) && lease.file().startsWith(shared.directory().orElseThrow()),
                    lease.file().toString());
        }
        assertEquals(0, next.conversions(), "converge left the converted copy");
        assertEquals(0, next.hashes(), "converge left the content key");
    }

    @Test
    void aDamagedTraceIsNamedAsGivenNotAsItsCacheCopy(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("damaged.parquet");
        Files.write(bad, new byte[] {'P', 'A', 'R', '1', 0, 0, 0, 0, 'P', 'A', 'R', '1'});
        CliRun r = CliRun.run("converge", bad.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains(bad.toString()), r.toString());
        assertTrue(!r.err().contains(".arrow"), "names the user's file, not the cache's: " + r.err());
        assertEquals("", r.out());
    }
}
