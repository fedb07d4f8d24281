package dev.vmreplay.analysis.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.PassStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run records: every metric, the text outcome included, survives a round trip; older formats run again. */
class RunStoreTest {
    @TempDir
    Path dir;

    private static RunRecord record(String id) {
        Metrics m = new Metrics(1, 2, 3, 1, 4, 5, 6, 7, 8, 9, 10, 0.25, 11, 12, 13, false, false, 14, 1, true,
                "timed-out", 2, 300_000_000L, 0.4);
        return new RunRecord(id, "t.parquet", null, "qemu-precopy", "", 0, "fp", m.asMap(),
                List.of(new PassStats(0, 0, 1, 2, 3, 4, 5, 6, 7, false)), Map.of("seed", "1"));
    }

    @Test
    void aRecordRoundTripsWithItsOutcomeText() {
        RunStore store = new RunStore(dir);
        RunRecord r = record("00000000000000aa");
        store.save(r);
        RunRecord back = store.load("00000000000000aa").orElseThrow();
        assertEquals(r.metrics(), back.metrics());
        assertEquals("timed-out", back.metrics().get("outcome"));
        assertEquals(0.4, back.metrics().get("throttle_max"));
    }

    @Test
    void aRecordOfAnOlderFormatIsRunAgainNotReused() throws Exception {
        RunStore store = new RunStore(dir);
        store.save(record("00000000000000bb"));
        Path file = store.fileOf("00000000000000bb");
        String json = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\"format\"\\s*:\\s*2", "\"format\" : 1");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), store.load("00000000000000bb"), "made by an older engine: replay it");
    }

    @Test
    void aDamagedRecordIsReportedNamingItsFile() throws Exception {
        RunStore store = new RunStore(dir);
        store.save(record("00000000000000cc"));
        Files.writeString(store.fileOf("00000000000000cc"), "{\"format\": 2}", StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.load("00000000000000cc"));
        assertTrue(e.getMessage().contains(store.fileOf("00000000000000cc").toString()), e.getMessage());
    }
}
