package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.TraceFormatException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages name what the user knows: their file, their key, their format; never a library's objects. */
class MessagesInOurWordsTest {
    @TempDir
    Path dir;

    @Test
    void mistypedSetKeyGetsTheGridParsersDidYouMean() {
        CliRun run = CliRun.run("replay", dir.resolve("t.parquet").toString(), "--preset", "stop-and-copy", "--set",
                "link.bandwith=1Gbit/s");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("vmreplay: --set: unknown configuration key 'link.bandwith' (did you mean 'link.bandwidth'?);"
                + " 'vmreplay presets --keys' lists them all\n", run.err());
    }

    @Test
    void mistypedSetKeyInPlanToo() {
        CliRun run = CliRun.run("plan", "--traces", dir.resolve("t.parquet").toString(), "--link", "10Gbit/s",
                "--window", "10s", "--downtime-sla", "1s", "--set", "precopy.max-pases=3");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("(did you mean 'precopy.max-passes'?)"), run::toString);
    }

    @Test
    void arrowFilesHaveRecordBatchesNotRowGroups() {
        assertEquals("t.arrow: record batch 3, row 7, column gpa: x",
                new TraceFormatException(Path.of("t.arrow"), 3, 7, "gpa", "x").getMessage());
        assertEquals("t.parquet: row group 3, row 7, column gpa: x",
                new TraceFormatException(Path.of("t.parquet"), 3, 7, "gpa", "x").getMessage());
    }
}
