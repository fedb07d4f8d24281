package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.analysis.converge.SearchLimits;
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
}
