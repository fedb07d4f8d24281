package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One crafted bad file per row rule, in both storage formats: the reader fails with a message
 * naming file, row group (record batch), row and column. Files are written through the raw column
 * sink, which does not validate, with 1000 rows per group so the bad row at 2500 sits in group 2.
 */
class ValidationTest {
    static final int ROWS = 4000;
    static final int GROUP_ROWS = 1000;
    static final int BAD_ROW = 2500;
    static final VmManifest MANIFEST = new VmManifest(1L << 30, 4, List.of(), List.of(), 2, 8, Map.of(), false);

    @TempDir
    Path dir;

    static MemoryBatch goodMemoryRows() {
        MemoryBatch b = new MemoryBatch(ROWS);
        for (int i = 0; i < ROWS; i++) {
            b.add(i * 10L, i % 4, (i % 1000) * 4096L, 4096, (byte) (i % 3));
        }
        return b;
    }

    static IoBatch goodIoRows() {
        IoBatch b = new IoBatch(ROWS);
        for (int i = 0; i < ROWS; i++) {
            b.add(i * 10L, i % 2, i, (byte) (i % 3), i * 4096L, 4096, 1000);
        }
        return b;
    }

    private Path memoryFile(String ext, Consumer<MemoryBatch> damage) {
        MemoryBatch rows = goodMemoryRows();
        damage.accept(rows);
        Path file = dir.resolve("bad." + ext);
        try (ColumnarSink sink = Traces.createColumns(file, TraceKind.MEMORY, MANIFEST,
                WriteOptions.defaults().withRowGroupRows(GROUP_ROWS))) {
            sink.write(TraceSchema.arrays(rows), rows.size);
            sink.commit();
        }
        return file;
    }

    private Path ioFile(String ext, Consumer<IoBatch> damage) {
        IoBatch rows = goodIoRows();
        damage.accept(rows);
        Path file = dir.resolve("bad-io." + ext);
        try (ColumnarSink sink = Traces.createColumns(file, TraceKind.IO, MANIFEST,
                WriteOptions.defaults().withRowGroupRows(GROUP_ROWS))) {
            sink.write(TraceSchema.arrays(rows), rows.size);
            sink.commit();
        }
        return file;
    }

    static TraceFormatException readMemoryFails(Path file) {
        return assertThrows(TraceFormatException.class, () -> {
            try (MemoryTraceReader r = Traces.openMemory(file)) {
                TraceFixtures.readAll(r);
            }
        });
    }

    static TraceFormatException readIoFails(Path file) {
        return assertThrows(TraceFormatException.class, () -> {
            try (IoTraceReader r = Traces.openIo(file)) {
                TraceFixtures.readAll(r);
            }
        });
    }

    static void assertNamesPlace(TraceFormatException e, Path file, String column, String ruleWords) {
        String m = e.getMessage();
        // An Arrow file has record batches, not row groups: the message says what the file has.
        String group = file.toString().endsWith(".arrow") ? "record batch" : "row group";
        assertTrue(m.startsWith(file.toString() + ": " + group + " 2, row " + BAD_ROW + ", column " + column + ": "),
                "message must name file, group, row, column: " + m);
        assertEquals(2, e.rowGroup());
        assertEquals(BAD_ROW, e.row());
        assertEquals(column, e.column());
        assertTrue(m.contains(ruleWords), "message must state the rule (" + ruleWords + "): " + m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void unsortedTimeIsRejectedAtTheRowWhereTimeGoesBack(String ext) {
        Path file = memoryFile(ext, b -> b.timeNanos[BAD_ROW] = b.timeNanos[BAD_ROW - 1] - 1);
        assertNamesPlace(readMemoryFails(file), file, "t_ns", "time goes backwards");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void addressBeyondMemoryIsRejected(String ext) {
        Path file = memoryFile(ext, b -> b.gpa[BAD_ROW] = (1L << 30) - 4095);
        assertNamesPlace(readMemoryFails(file), file, "gpa", "beyond memory_bytes 1073741824");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void zeroLengthIsRejected(String ext) {
        Path file = memoryFile(ext, b -> b.lengthBytes[BAD_ROW] = 0);
        assertNamesPlace(readMemoryFails(file), file, "len", "length must be > 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void negativeLengthIsRejected(String ext) {
        Path file = memoryFile(ext, b -> b.lengthBytes[BAD_ROW] = -4096);
        assertNamesPlace(readMemoryFails(file), file, "len", "length must be > 0, was -4096");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void unknownOpIsRejected(String ext) {
        Path file = memoryFile(ext, b -> b.op[BAD_ROW] = 7);
        assertNamesPlace(readMemoryFails(file), file, "op", "unknown op 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void vcpuBeyondTheManifestIsRejected(String ext) {
        Path file = memoryFile(ext, b -> b.vcpu[BAD_ROW] = 4);
        assertNamesPlace(readMemoryFails(file), file, "vcpu", "manifest vcpus 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void ioQueueBeyondTheManifestIsRejected(String ext) {
        Path file = ioFile(ext, b -> b.queue[BAD_ROW] = 2);
        assertNamesPlace(readIoFails(file), file, "queue", "manifest io_queues 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void unknownIoOpIsRejected(String ext) {
        Path file = ioFile(ext, b -> b.op[BAD_ROW] = 3);
        assertNamesPlace(readIoFails(file), file, "op", "unknown op 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void unsortedIoTimeIsRejected(String ext) {
        Path file = ioFile(ext, b -> b.timeNanos[BAD_ROW] = 0);
        assertNamesPlace(readIoFails(file), file, "t_ns", "time goes backwards");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void negativeServiceTimeIsRejected(String ext) {
        Path file = ioFile(ext, b -> b.serviceNanos[BAD_ROW] = -1);
        assertNamesPlace(readIoFails(file), file, "service_ns", "service time must be >= 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void negativeIoLengthAndOffsetAreRejected(String ext) {
        Path file = ioFile(ext, b -> b.lengthBytes[BAD_ROW] = -1);
        assertNamesPlace(readIoFails(file), file, "len", "length must be >= 0");
        Path other = ioFile(ext, b -> b.offsetBytes[BAD_ROW] = -4096);
        assertNamesPlace(readIoFails(other), other, "offset", "offset must be >= 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void writersRejectBadRowsWithTheRowNamed(String ext) {
        Path file = dir.resolve("w." + ext);
        MemoryBatch rows = goodMemoryRows();
        rows.op[BAD_ROW] = 9;
        try (MemoryTraceWriter w = Traces.createMemory(file, MANIFEST)) {
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> w.write(rows));
            assertEquals(BAD_ROW, e.row());
            assertEquals("op", e.column());
        }
        assertTrue(!java.nio.file.Files.exists(file), "a failed write leaves no file");
    }
}
