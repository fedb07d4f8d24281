package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void jsonUsesTheDocumentedFieldNamesInAFixedOrder() {
        VmManifest m = new VmManifest(1L << 30, 2, List.of(new LargePageRange(0, 2L << 20, LargePageRange.PAGE_2M)),
                List.of(new ZeroRange(4096, 8192)), 1, 16, Map.of("generator", "test"), false);
        assertEquals("{\"memory_bytes\":1073741824,\"vcpus\":2,\"large_pages\":[{\"gpa\":0,\"bytes\":2097152,"
                + "\"page_bytes\":2097152}],\"zero_ranges\":[{\"gpa\":4096,\"bytes\":8192}],\"io_queues\":1,"
                + "\"io_queue_depth\":16,\"provenance\":{\"generator\":\"test\"}}", ManifestJson.toJson(m));
        assertEquals(m, ManifestJson.parse(ManifestJson.toPrettyJson(m), null, "manifest"));
    }

    @Test
    void minimalJsonNeedsOnlyMemoryAndVcpus() {
        VmManifest m = ManifestJson.parse("{\"memory_bytes\": 8192, \"vcpus\": 1}", null, "manifest");
        assertEquals(new VmManifest(8192, 1, List.of(), List.of(), 0, 0, Map.of(), false), m);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"vcpus\": 1}| field memory_bytes is missing",
        "{\"memory_bytes\": \"1GiB\", \"vcpus\": 1}| field memory_bytes must be an integer",
        "{\"memory_bytes\": 4097, \"vcpus\": 1}| memory_bytes must be > 0 and a multiple of 4096",
        "{\"memory_bytes\": 4096, \"vcpus\": 0}| vcpus must be >= 1",
        "{\"memory_bytes\": 4096, \"vcpus\": 1, \"vcpu\": 2}| unknown field 'vcpu'",
        "{\"memory_bytes\": 4096, \"vcpus\": 1, \"large_pages\": {}}| field large_pages must be a JSON array",
        "{\"memory_bytes\": 4194304, \"vcpus\": 1, \"large_pages\": [{\"gpa\": 0, \"bytes\": 2097152}]}| field large_pages[0].page_bytes is missing",
        "{\"memory_bytes\": 4096, \"vcpus\": 1, \"zero_ranges\": [{\"gpa\": 0, \"bytes\": 8192}]}| zero_ranges range [0, 8192) is beyond memory_bytes",
        "{\"memory_bytes\": 4096, \"vcpus\": 1, \"provenance\": 3}| field provenance must be a JSON object",
        "{\"memory_bytes\": 4096, \"vcpus\": 1|is not valid JSON",
        "[1, 2]| must be a JSON object",
    })
    void badSidecarNamesFileAndField(String json, String expected) throws Exception {
        Path trace = dir.resolve("t.parquet");
        try (MemoryTraceWriter w = Traces.createMemory(trace, VmManifest.assumed(1L << 20, 1))) {
            w.commit();
        }
        Path sidecar = ManifestJson.sidecarOf(trace);
        Files.writeString(sidecar, json);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.openMemory(trace).close());
        assertTrue(e.getMessage().startsWith(sidecar + ": manifest"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void sidecarWinsOverTheStoredManifest(String ext) {
        Path trace = dir.resolve("t." + ext);
        MemoryBatch rows = TraceFixtures.memoryRows(5, 1000);
        try (MemoryTraceWriter w = Traces.createMemory(trace, TraceFixtures.manifest(5))) {
            w.write(rows);
            w.commit();
        }
        VmManifest sidecar = new VmManifest(TraceFixtures.MEMORY_BYTES, 16, List.of(), List.of(), 0, 0,
                Map.of("from", "sidecar"), false);
        ManifestJson.writeSidecar(trace, sidecar);
        try (MemoryTraceReader r = Traces.openMemory(trace)) {
            assertEquals(sidecar, r.manifest());
        }
        // The sidecar also wins when it contradicts the data: then the rows are rejected.
        ManifestJson.writeSidecar(trace, new VmManifest(TraceFixtures.MEMORY_BYTES, 1, List.of(), List.of(), 0, 0, Map.of(), false));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(trace)) {
                TraceFixtures.readAll(r);
            }
        });
        assertEquals("vcpu", e.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void missingManifestIsAssumedFromTheDataOrTheGivenMemorySize(String ext) {
        Path trace = dir.resolve("plain." + ext);
        MemoryBatch rows = new MemoryBatch();
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(5, 6, 10 * 4096 + 100, 200, MemoryBatch.OP_WRITE);
        try (MemoryTraceWriter w = Traces.createMemory(trace, VmManifest.assumed(1L << 30, 8))) {
            w.write(rows);
            w.commit();
        }
        try (MemoryTraceReader r = Traces.openMemory(trace)) {
            assertTrue(r.manifest().assumed(), "an assumed manifest is not stored");
            assertEquals(7, r.manifest().vcpus());
            assertEquals(11 * 4096, r.manifest().memoryBytes(), "highest gpa + len rounded up to 4 KiB");
        }
        try (MemoryTraceReader r = Traces.openMemory(trace, ReadOptions.defaults().withAssumedMemoryBytes(1L << 30))) {
            assertEquals(1L << 30, r.manifest().memoryBytes());
        }
    }

    @Test
    void badManifestStoredInTheFileNamesTheMetadataKey() throws Exception {
        Path trace = dir.resolve("duck.parquet");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("COPY (SELECT 1 AS t_ns, 0::INTEGER AS vcpu, 0 AS gpa, 4096::INTEGER AS len, 0::TINYINT AS op) TO '"
                    + trace + "' (FORMAT parquet, KV_METADATA {'vmreplay.vm': '{\"memory_bytes\": 4096, \"vcpus\": -2}'})");
        }
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.openMemory(trace).close());
        assertTrue(e.getMessage().contains("manifest in metadata vmreplay.vm: vcpus must be >= 1, was -2"), e.getMessage());
        assertFalse(e.getMessage().contains("sidecar"));
    }
}
