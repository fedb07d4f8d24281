package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's sample: a real recording written by DuckDB (nullable columns, TINYINT op, manifest in
 * the key/value metadata; see samples/sort-dirty-epochs.sql). Expected numbers were counted
 * independently from the source CSV with awk: rows per window {@code int((t - first) / 1e9)} and
 * distinct pages per window and overall.
 */
class BundledSampleTest {

    private static Path sample() throws Exception {
        return Path.of(BundledSampleTest.class.getResource("/samples/sort-dirty-epochs.parquet").toURI());
    }

    @Test
    void duckDbWrittenRecordingInspectsToTheCountsOfItsSourceCsv() throws Exception {
        CliRun r = CliRun.run("inspect", "--format", "json", sample().toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        JsonNode m = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals(335_373, m.get("rows").asLong());
        assertEquals(335_373L * 4096, m.get("bytes_written").asLong());
        assertEquals(78_967, m.get("distinct_pages_written").asLong());
        assertEquals(1, m.get("vcpus_seen").asLong());
        assertEquals(50_000_000, m.get("first_t_ns").asLong());
        JsonNode writes = m.get("writes_per_s");
        assertEquals(2, writes.get("windows").asLong());
        assertEquals(84_763, writes.get("min").asLong());
        assertEquals(112_154, writes.get("max").asLong());
        JsonNode ws = m.get("working_set_1s_pages");
        assertEquals(53_333, ws.get("max").asLong());
        assertEquals(46_398, ws.get("mean").asLong());
        assertEquals(0, m.get("working_set_10s_pages").get("windows").asLong());
        JsonNode manifest = m.get("manifest");
        assertEquals("embedded", manifest.get("source").asText());
        assertEquals(310L << 20, manifest.get("memory_bytes").asLong());
        assertTrue(manifest.get("provenance").get("written_by").asText().startsWith("DuckDB"), manifest.toString());
    }
}
