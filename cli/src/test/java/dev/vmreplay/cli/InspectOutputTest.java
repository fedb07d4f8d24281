package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmreplay.analysis.inspect.IoTraceInspector;
import dev.vmreplay.analysis.inspect.IoTraceStats;
import dev.vmreplay.analysis.inspect.MemoryTraceInspector;
import dev.vmreplay.analysis.inspect.MemoryTraceStats;
import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.StorageFormat;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering of inspect results, on statistics computed from in-memory traces. */
class InspectOutputTest {
    private static final long S = 1_000_000_000L;

    /** 12.5 s, 2 vCPUs: window writes 3,1,0,1,0x8; pages {0,1,2},{3},{},{0,1}; 4 distinct pages. */
    static InspectedTrace memoryTrace(InspectedTrace.ManifestSource source) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("generator", "hand-worked");
        provenance.put("seed", 7);
        VmManifest manifest = source.assumed()
                ? VmManifest.assumed(1 << 20, 2)
                : new VmManifest(4L << 20, 2, List.of(new LargePageRange(2L << 20, 2L << 20, LargePageRange.PAGE_2M)),
                        List.of(new ZeroRange(0, 1 << 20)), 0, 0, provenance, false);
        MemoryBatch rows = new MemoryBatch(8);
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(S / 5, 1, 4096, 8192, MemoryBatch.OP_WRITE);
        rows.add(S / 2, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(9 * S / 10, 1, 40960, 4096, MemoryBatch.OP_READ);
        rows.add(3 * S / 2, 0, 12288, 4096, MemoryBatch.OP_WRITE_ZEROS);
        rows.add(3 * S, 0, 4095, 2, MemoryBatch.OP_WRITE);
        rows.add(25 * S / 2, 1, 0, 4096, MemoryBatch.OP_WRITE);
        MemoryTraceStats stats = MemoryTraceInspector.inspect(new InMemoryMemoryTrace(rows, manifest, 3));
        return new InspectedTrace("vm.parquet", TraceKind.MEMORY, StorageFormat.PARQUET, source, stats, null);
    }

    static InspectedTrace ioTrace() {
        IoTraceInspector inspector = new IoTraceInspector(new VmManifest(1 << 20, 1, List.of(), List.of(), 2, 8,
                Map.of(), false));
        IoBatch rows = new IoBatch(8);
        rows.add(0, 0, 1, IoBatch.OP_READ, 0, 4096, 100);
        rows.add(3 * S / 10, 1, 2, IoBatch.OP_WRITE, 8192, 512, 300);
        rows.add(6 * S / 10, 0, 3, IoBatch.OP_WRITE, 1 << 20, 8192, 1000);
        rows.add(12 * S / 10, 1, 4, IoBatch.OP_FLUSH, 0, 0, 50);
        rows.add(2 * S, 0, 5, IoBatch.OP_READ, 0, 4097, 200);
        inspector.accept(rows);
        IoTraceStats stats = inspector.finish();
        return new InspectedTrace("disk.arrow", TraceKind.IO, StorageFormat.ARROW_IPC,
                InspectedTrace.ManifestSource.SIDECAR, null, stats);
    }

    private static String table(InspectedTrace... traces) {
        StringWriter sw = new StringWriter();
        InspectTable.write(new PrintWriter(sw), List.of(traces));
        return sw.toString();
    }

    private static String json(InspectedTrace... traces) {
        StringWriter sw = new StringWriter();
        InspectJson.write(new PrintWriter(sw), List.of(traces));
        return sw.toString();
    }

    @Test
    void memoryTableShowsTheHandWorkedNumbers() {
        String out = table(memoryTrace(InspectedTrace.ManifestSource.EMBEDDED));
        assertTrue(out.startsWith("vm.parquet\n  kind              memory access trace (Parquet)\n"), out);
        assertContains(out, "  rows              7 (5 write, 1 write of zeros, 1 read)\n");
        assertContains(out, "  time span         0.000000 s .. 12.500000 s (12.500 s)\n");
        assertContains(out, "  vCPUs             2 seen in the rows\n");
        assertContains(out, "  written           6 writes, 20.01 KiB (4 KiB of zeros)\n");
        assertContains(out, "  pages written     4 distinct 4 KiB pages (16 KiB, 0.4% of guest memory)\n");
        assertContains(out, "  writes/s          min 0, median 0.0, max 3  (per 1 s window, 12 complete)\n");
        assertContains(out, "  bytes written/s   min 0 B, median 0 B, max 12.01 KiB\n");
        assertContains(out, "  working set 1 s   mean 0.5 pages (2 KiB), max 3 pages (12 KiB)  (distinct pages written"
                + " per 1 s window, 12 complete)\n");
        assertContains(out, "  working set 10 s  mean 4.0 pages (16 KiB), max 4 pages (16 KiB)  (distinct pages"
                + " written per 10 s window, 1 complete)\n");
        assertContains(out, "  manifest          embedded: memory 4 MiB, 2 vCPUs, no IO queues\n");
        assertContains(out, "  large pages       1 range: 2 MiB in 2 MiB pages\n");
        assertContains(out, "  zero ranges       1 range: 1 MiB (25.0% of memory) all-zero at trace start\n");
        assertContains(out, "  provenance        generator=hand-worked, seed=7\n");
    }

    @Test
    void missingManifestIsSaidInTheTable() {
        String out = table(memoryTrace(InspectedTrace.ManifestSource.ASSUMED_FROM_DATA));
        assertContains(out, "  manifest          none: assumed memory 1 MiB from the highest address, 2 vCPUs,"
                + " every page holds data, no large pages\n");
    }

    @Test
    void ioTableShowsMixSizesAndPercentiles() {
        String out = table(ioTrace());
        assertContains(out, "  kind              IO trace (Arrow IPC)\n");
        assertContains(out, "  requests          5 (2 read, 2 write, 1 flush)\n");
        assertContains(out, "  requests/s        min 1, median 2.0, max 3  (per 1 s window, 2 complete)\n");
        assertContains(out, "  size mix          0 B          1 request (20.0%), 0 B\n");
        assertContains(out, "                    <= 512 B     1 request (20.0%), 512 B\n");
        assertContains(out, "                    <= 8 KiB     2 requests (40.0%), 12.00 KiB\n");
        assertContains(out, "    all             p50 200 ns, p90 1.0 µs, p99 1.0 µs, p99.9 1.0 µs, max 1.0 µs,"
                + " mean 330 ns  (5)\n");
        assertContains(out, "  manifest          sidecar disk.arrow.vm.json: memory 1 MiB, 1 vCPU, 2 IO queues of depth 8\n");
    }

    @Test
    void jsonHasTheDocumentedShapeAndValues() throws Exception {
        JsonNode root = new ObjectMapper().readTree(json(memoryTrace(InspectedTrace.ManifestSource.EMBEDDED), ioTrace()));
        assertEquals(2, root.size());
        JsonNode m = root.get(0);
        assertEquals(List.of("file", "kind", "storage", "rows", "rows_by_op", "first_t_ns", "last_t_ns", "span_ns",
                "vcpus_seen", "bytes_written", "zero_bytes_written", "bytes_read", "distinct_pages_written",
                "share_of_memory_written", "mean_writes_per_s", "writes_per_s", "bytes_written_per_s",
                "working_set_1s_pages", "working_set_10s_pages", "manifest"), fieldNames(m));
        assertEquals("memory", m.get("kind").asText());
        assertEquals("parquet", m.get("storage").asText());
        assertEquals(7, m.get("rows").asLong());
        assertEquals(1, m.get("rows_by_op").get("write_zeros").asLong());
        assertEquals(12 * S + S / 2, m.get("span_ns").asLong());
        assertEquals(20490, m.get("bytes_written").asLong());
        assertEquals(4, m.get("distinct_pages_written").asLong());
        assertEquals("0.003906", m.get("share_of_memory_written").asText());
        assertEquals("0.48", m.get("mean_writes_per_s").asText(), "6 writes over 12.5 s");
        JsonNode ws1 = m.get("working_set_1s_pages");
        assertEquals(S, ws1.get("window_ns").asLong());
        assertEquals(12, ws1.get("windows").asLong());
        assertEquals("0.5", ws1.get("mean").asText());
        assertEquals(3, ws1.get("max").asLong());
        assertEquals("0.417", m.get("writes_per_s").get("mean").asText(), "5/12 rounded to 3 decimals");
        JsonNode manifest = m.get("manifest");
        assertEquals("embedded", manifest.get("source").asText());
        assertEquals("manifest", manifest.get("memory_from").asText());
        assertEquals(2L << 20, manifest.get("large_pages").get(0).get("page_bytes").asLong());
        assertEquals(7, manifest.get("provenance").get("seed").asInt());

        JsonNode io = root.get(1);
        assertEquals("io", io.get("kind").asText());
        assertEquals("arrow_ipc", io.get("storage").asText());
        assertEquals(1, io.get("rows_by_op").get("flush").asLong());
        assertEquals(4, io.get("size_classes").size());
        assertEquals(4097, io.get("size_classes").get(3).get("min_bytes").asLong());
        assertEquals(200, io.get("service_ns").get("all").get("p50").asLong());
        assertEquals(1000, io.get("service_ns").get("write").get("max").asLong());
        assertEquals("sidecar", io.get("manifest").get("source").asText());
    }

    @Test
    void jsonOfAShortTraceHasNullsNotMissingKeys() throws Exception {
        VmManifest manifest = VmManifest.assumed(1 << 20, 1);
        MemoryBatch rows = new MemoryBatch(1);
        rows.add(5, 0, 0, 4096, MemoryBatch.OP_WRITE);
        MemoryTraceStats stats = MemoryTraceInspector.inspect(new InMemoryMemoryTrace(rows, manifest));
        JsonNode m = new ObjectMapper().readTree(json(new InspectedTrace("one.parquet", TraceKind.MEMORY,
                StorageFormat.PARQUET, InspectedTrace.ManifestSource.ASSUMED_FROM_OPTION, stats, null))).get(0);
        assertTrue(m.get("mean_writes_per_s").isNull());
        assertEquals(0, m.get("writes_per_s").get("windows").asLong());
        assertTrue(m.get("writes_per_s").get("median").isNull());
        assertEquals("none", m.get("manifest").get("source").asText());
        assertEquals("--memory", m.get("manifest").get("memory_from").asText());
    }

    @Test
    void jsonIsByteIdenticalAcrossRunsAndUsesUnixLineEnds() {
        String a = json(memoryTrace(InspectedTrace.ManifestSource.EMBEDDED), ioTrace());
        String b = json(memoryTrace(InspectedTrace.ManifestSource.EMBEDDED), ioTrace());
        assertEquals(a, b);
        assertTrue(!a.contains("\r") && a.endsWith("]\n"), a);
        assertContains(a, "\n    \"rows\": 7,\n");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), "expected\n" + expected + "in\n" + text);
    }
}
