package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmreplay.trace.ColumnarSink;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.TraceSchema;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** inspect and convert on real files written by trace-formats, through the whole command line. */
class InspectEndToEndTest {
    private static final long S = 1_000_000_000L;
    private static final VmManifest MANIFEST = new VmManifest(1 << 20, 2, List.of(), List.of(), 0, 0,
            Map.of("generator", "InspectEndToEndTest"), false);

    @TempDir
    Path dir;

    /** The hand-worked trace of InspectOutputTest: 7 rows, 12.5 s, 4 distinct pages, 12 complete 1 s windows. */
    private static MemoryBatch handWorkedRows() {
        MemoryBatch rows = new MemoryBatch(8);
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(S / 5, 1, 4096, 8192, MemoryBatch.OP_WRITE);
        rows.add(S / 2, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(9 * S / 10, 1, 40960, 4096, MemoryBatch.OP_READ);
        rows.add(3 * S / 2, 0, 12288, 4096, MemoryBatch.OP_WRITE_ZEROS);
        rows.add(3 * S, 0, 4095, 2, MemoryBatch.OP_WRITE);
        rows.add(25 * S / 2, 1, 0, 4096, MemoryBatch.OP_WRITE);
        return rows;
    }

    private Path writeMemory(String name, MemoryBatch rows, VmManifest manifest) {
        Path file = dir.resolve(name);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            w.write(rows);
            w.commit();
        }
        return file;
    }

    /** A trace big enough to span many row groups and pages, so cutting it hits the middle of the data. */
    private Path writeLargeMemory(String name, long seed) {
        Random random = new Random(seed);
        VmManifest manifest = new VmManifest(1L << 30, 4, List.of(), List.of(), 0, 0, Map.of(), false);
        MemoryBatch rows = new MemoryBatch(200_000);
        long t = 0;
        for (int i = 0; i < 200_000; i++) {
            t += random.nextInt(100_000);
            rows.add(t, random.nextInt(4), (long) random.nextInt(1 << 18) * 4096, 4096, MemoryBatch.OP_WRITE);
        }
        Path file = dir.resolve(name);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest, WriteOptions.defaults().withRowGroupRows(20_000))) {
            w.write(rows);
            w.commit();
        }
        return file;
    }

    private static JsonNode json(String out) throws IOException {
        return new ObjectMapper().readTree(out);
    }

    private static void assertOneLineError(CliRun r, String... mustContain) {
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("vmreplay: "), r.toString());
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "expected '" + s + "' in " + r);
        }
        assertEquals("", r.out(), "no partial output");
    }

    @Test
    void inspectJsonOfAParquetTraceGivesTheHandWorkedNumbers() throws Exception {
        Path file = writeMemory("vm.parquet", handWorkedRows(), MANIFEST);
        CliRun r = CliRun.run("inspect", "--format", "json", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertEquals("", r.err());
        JsonNode m = json(r.out()).get(0);
        assertEquals(file.toString(), m.get("file").asText());
        assertEquals("memory", m.get("kind").asText());
        assertEquals("parquet", m.get("storage").asText());
        assertEquals(7, m.get("rows").asLong());
        assertEquals(20490, m.get("bytes_written").asLong());
        assertEquals(4, m.get("distinct_pages_written").asLong());
        assertEquals(12, m.get("working_set_1s_pages").get("windows").asLong());
        assertEquals(3, m.get("working_set_1s_pages").get("max").asLong());
        assertEquals(4, m.get("working_set_10s_pages").get("max").asLong());
        assertEquals("embedded", m.get("manifest").get("source").asText());
        assertEquals("InspectEndToEndTest", m.get("manifest").get("provenance").get("generator").asText());
    }

    @Test
    void inspectTableOfAParquetTrace() {
        Path file = writeMemory("vm.parquet", handWorkedRows(), MANIFEST);
        CliRun r = CliRun.run("inspect", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith(file + "\n  kind              memory access trace (Parquet)\n"), r.out());
        assertTrue(r.out().contains("  rows              7 (5 write, 1 write of zeros, 1 read)\n"), r.out());
        assertTrue(r.out().contains("  manifest          embedded: memory 1 MiB, 2 vCPUs, no IO queues\n"), r.out());
    }

    @Test
    void arrowCopyMadeByConvertInspectsTheSameAsTheParquetOriginal() throws Exception {
        Path parquet = writeLargeMemory("big.parquet", 11);
        Path arrow = dir.resolve("big.arrow");
        CliRun c = CliRun.run("convert", parquet.toString(), arrow.toString());
        assertEquals(ExitCodes.OK, c.exitCode(), c.toString());
        assertTrue(c.out().contains("200,000 memory trace rows, Parquet -> Arrow IPC; manifest kept"), c.out());
        Path back = dir.resolve("back.parquet");
        assertEquals(ExitCodes.OK, CliRun.run("convert", arrow.toString(), back.toString()).exitCode());

        JsonNode original = json(CliRun.run("inspect", "--format", "json", parquet.toString()).out()).get(0);
        JsonNode viaArrow = json(CliRun.run("inspect", "--format", "json", arrow.toString()).out()).get(0);
        JsonNode roundTrip = json(CliRun.run("inspect", "--format", "json", back.toString()).out()).get(0);
        assertEquals("arrow_ipc", viaArrow.get("storage").asText());
        assertEquals(withoutFile(original), withoutFile(roundTrip));
        ((ObjectNode) viaArrow).put("storage", "parquet");
        assertEquals(withoutFile(original), withoutFile(viaArrow));
    }

    @Test
    void convertWithoutForceKeepsAnExistingOutput() throws Exception {
        Path parquet = writeMemory("vm.parquet", handWorkedRows(), MANIFEST);
        Path arrow = Files.writeString(dir.resolve("vm.arrow"), "precious");
        assertOneLineError(CliRun.run("convert", parquet.toString(), arrow.toString()), "--force");
        assertEquals("precious", Files.readString(arrow));
        assertEquals(ExitCodes.OK, CliRun.run("convert", "--force", parquet.toString(), arrow.toString()).exitCode());
        assertEquals("arrow_ipc", json(CliRun.run("inspect", "--format", "json", arrow.toString()).out())
                .get(0).get("storage").asText());
    }

    private static JsonNode withoutFile(JsonNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove("file");
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trace.parquet", "trace.arrow"})
    void truncatedFileCutInHalfIsExit2WithOneLine(String name) throws Exception {
        Path whole = writeLargeMemory("whole-" + name, 5);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(CliRun.run("inspect", cut.toString()), cut.toString());
        assertOneLineError(CliRun.run("convert", cut.toString(), dir.resolve("out-" + name).toString()), cut.toString());
        assertFalse(Files.exists(dir.resolve("out-" + name)), "a failed convert leaves nothing behind");
    }

    @Test
    void garbageFileIsExit2WithOneLine() throws Exception {
        byte[] garbage = new byte[100_000];
        new Random(3).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.parquet"), garbage);
        assertOneLineError(CliRun.run("inspect", file.toString()), file.toString());
    }

    @Test
    void garbageBetweenParquetMagicBytesIsExit2WithOneLine() throws Exception {
        byte[] garbage = new byte[100_000];
        new Random(4).nextBytes(garbage);
        System.arraycopy("PAR1".getBytes(), 0, garbage, 0, 4);
        System.arraycopy("PAR1".getBytes(), 0, garbage, garbage.length - 4, 4);
        Path file = Files.write(dir.resolve("corrupt.parquet"), garbage);
        assertOneLineError(CliRun.run("inspect", "--format", "json", file.toString()), file.toString());
    }

    @Test
    void middleOfTheFileOverwrittenWithGarbageIsExit2WithOneLine() throws Exception {
        Path file = writeLargeMemory("damaged.parquet", 8);
        byte[] bytes = Files.readAllBytes(file);
        byte[] noise = new byte[bytes.length / 10];
        new Random(9).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, bytes.length / 3, noise.length);
        Files.write(file, bytes);
        assertOneLineError(CliRun.run("inspect", file.toString()), file.toString());
    }

    @Test
    void unsortedTimeIsExit2NamingRowAndColumn() {
        Path file = dir.resolve("unsorted.parquet");
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(10, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(30, 0, 4096, 4096, MemoryBatch.OP_WRITE);
        rows.add(20, 0, 8192, 4096, MemoryBatch.OP_WRITE);
        try (ColumnarSink sink = Traces.createColumns(file, TraceKind.MEMORY, MANIFEST, WriteOptions.defaults())) {
            sink.write(TraceSchema.arrays(rows), rows.size);
            sink.commit();
        }
        assertOneLineError(CliRun.run("inspect", file.toString()), "row 2", "t_ns");
    }

    @Test
    void traceWithoutManifestSaysWhatWasAssumed() throws Exception {
        Path file = writeMemory("bare.parquet", handWorkedRows(), VmManifest.assumed(1 << 20, 2));
        CliRun r = CliRun.run("inspect", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        // highest gpa + len: the read at 40960 of 4096 bytes ends at 45056 = 44 KiB
        assertTrue(r.out().contains("  manifest          none: assumed memory 44 KiB from the highest address, 2 vCPUs,"
                + " every page holds data, no large pages\n"), r.out());

        CliRun withMemory = CliRun.run("inspect", "--memory", "1GiB", "--format", "json", file.toString());
        JsonNode manifest = json(withMemory.out()).get(0).get("manifest");
        assertEquals("none", manifest.get("source").asText());
        assertEquals("--memory", manifest.get("memory_from").asText());
        assertEquals(1L << 30, manifest.get("memory_bytes").asLong());
    }

    @Test
    void sidecarManifestWinsAndIsNamed() throws Exception {
        Path file = writeMemory("vm.parquet", handWorkedRows(), MANIFEST);
        Files.writeString(dir.resolve("vm.parquet.vm.json"), "{\"memory_bytes\": 8388608, \"vcpus\": 4}");
        CliRun r = CliRun.run("inspect", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  manifest          sidecar " + file + ".vm.json: memory 8 MiB, 4 vCPUs"), r.out());
    }

    @Test
    void badSidecarManifestIsExit2WithOneLine() throws Exception {
        Path file = writeMemory("vm.parquet", handWorkedRows(), MANIFEST);
        Files.writeString(dir.resolve("vm.parquet.vm.json"), "{\"memory_bytes\": 8388608, \"vcpus\": 0}");
        assertOneLineError(CliRun.run("inspect", file.toString()), "vcpus");
    }

    @Test
    void ioTraceReportsMixAndPercentiles() throws Exception {
        Path file = dir.resolve("disk.parquet");
        VmManifest manifest = new VmManifest(1 << 20, 1, List.of(), List.of(), 2, 8, Map.of(), false);
        IoBatch rows = new IoBatch(8);
        rows.add(0, 0, 1, IoBatch.OP_READ, 0, 4096, 100);
        rows.add(3 * S / 10, 1, 2, IoBatch.OP_WRITE, 8192, 512, 300);
        rows.add(6 * S / 10, 0, 3, IoBatch.OP_WRITE, 1 << 20, 8192, 1000);
        rows.add(12 * S / 10, 1, 4, IoBatch.OP_FLUSH, 0, 0, 50);
        rows.add(2 * S, 0, 5, IoBatch.OP_READ, 0, 4097, 200);
        try (IoTraceWriter w = Traces.createIo(file, manifest)) {
            w.write(rows);
            w.commit();
        }
        CliRun r = CliRun.run("inspect", "--format", "json", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        JsonNode io = json(r.out()).get(0);
        assertEquals("io", io.get("kind").asText());
        assertEquals(2, io.get("rows_by_op").get("write").asLong());
        assertEquals(200, io.get("service_ns").get("all").get("p50").asLong());
        assertEquals(4, io.get("size_classes").size());
        assertEquals(2, io.get("manifest").get("io_queues").asLong());
        CliRun table = CliRun.run("inspect", file.toString());
        assertTrue(table.out().contains("  requests          5 (2 read, 2 write, 1 flush)\n"), table.out());
    }

    @Test
    void severalFilesGiveOneJsonArrayInArgumentOrder() throws Exception {
        Path a = writeMemory("a.parquet", handWorkedRows(), MANIFEST);
        Path b = writeMemory("b.parquet", handWorkedRows(), MANIFEST);
        JsonNode all = json(CliRun.run("inspect", "--format", "json", b.toString(), a.toString()).out());
        assertEquals(2, all.size());
        assertEquals(b.toString(), all.get(0).get("file").asText());
        assertEquals(a.toString(), all.get(1).get("file").asText());
    }

    @Test
    void inspectJsonIsByteIdenticalAcrossRuns() {
        Path file = writeLargeMemory("big.parquet", 21);
        String first = CliRun.run("inspect", "--format", "json", file.toString()).out();
        String second = CliRun.run("inspect", "--format", "json", file.toString()).out();
        assertFalse(first.isEmpty());
        assertEquals(first, second);
    }
}
