package dev.vmreplay.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetGeneratorTest {
    private static final long SEED = 20261206L;

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesTheSameFleetAndAnotherSeedAnother() {
        String a = FleetGenerator.csv(SEED, 5000, 40, "traces", false);
        assertEquals(a, FleetGenerator.csv(SEED, 5000, 40, "traces", false), "seed " + SEED);
        assertNotEquals(a, FleetGenerator.csv(SEED + 1, 5000, 40, "traces", false), "seed " + SEED);
        assertEquals(FleetGenerator.csv(SEED, 50, 4, "t", true), FleetGenerator.csv(SEED, 50, 4, "t", true));
    }

    @Test
    void classRowsCountEveryVmOnceAndNameOnlyMemoryRecordings() {
        List<String> lines = FleetGenerator.csv(SEED, 5000, 40, "traces", false).lines().toList();
        assertEquals(FleetGenerator.HEADER, lines.get(0));
        int vms = 0;
        int recordings = FleetGenerator.memoryRecordings().size();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(6, f.length, line);
            assertTrue(f[0].startsWith(f[4] + "-"), line);
            assertTrue(f[1].startsWith("traces/") && f[1].endsWith(".parquet") && !f[1].contains("fio"), line);
            vms += Integer.parseInt(f[5]);
        }
        assertEquals(5000, vms, "seed " + SEED);
        assertTrue(lines.size() - 1 <= 40 * recordings, "at most one row per host and recording");
        assertTrue(lines.stream().anyMatch(l -> l.contains("database-8g.io.parquet")), "the IO trace goes with its guest");
    }

    @Test
    void perVmRowsAreOneEach() {
        List<String> lines = FleetGenerator.csv(SEED, 1200, 7, "", true).lines().toList();
        assertEquals(1201, lines.size());
        assertTrue(lines.get(1).startsWith("vm-00001,"), lines.get(1));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",1")));
    }

    @Test
    void writeExtractsTheRecordingsNextToTheCsv() throws Exception {
        Path csv = FleetGenerator.write(SEED, 100, 3, dir, false);
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            assertTrue(Files.isRegularFile(dir.resolve(line.split(",")[1])), line);
        }
    }
}
