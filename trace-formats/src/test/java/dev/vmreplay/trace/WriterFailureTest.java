package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A write that fails or is abandoned leaves nothing behind, and never damages an existing file. */
class WriterFailureTest {
    @TempDir
    Path dir;

    private long filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void failedWriteLeavesNoFileAndNoTemporary(String ext) throws Exception {
        Path file = dir.resolve("t." + ext);
        MemoryBatch good = TraceFixtures.memoryRows(1, 200_000);
        MemoryBatch bad = new MemoryBatch();
        bad.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE); // time goes backwards after the good rows
        try (MemoryTraceWriter w = Traces.createMemory(file, TraceFixtures.manifest(1),
                WriteOptions.defaults().withRowGroupRows(50_000))) {
            w.write(good);
            assertThrows(TraceFormatException.class, () -> w.write(bad));
        }
        assertFalse(Files.exists(file));
        assertEquals(0, filesIn(dir), "no temporary file left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void abandonedWriteKeepsThePreviousFile(String ext) throws Exception {
        Path file = dir.resolve("t." + ext);
        try (MemoryTraceWriter w = Traces.createMemory(file, TraceFixtures.manifest(2))) {
            w.write(TraceFixtures.memoryRows(2, 1000));
            w.commit();
        }
        byte[] before = Files.readAllBytes(file);
        try (MemoryTraceWriter w = Traces.createMemory(file, TraceFixtures.manifest(2))) {
            w.write(TraceFixtures.memoryRows(3, 5000));
            // no commit: an exception elsewhere, say
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(1, filesIn(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void conversionOfABadInputLeavesNoOutput(String ext) throws Exception {
        Path in = dir.resolve("in.parquet");
        MemoryBatch rows = TraceFixtures.memoryRows(4, 100_000);
        rows.op[99_000] = 5;
        try (ColumnarSink sink = Traces.createColumns(in, TraceKind.MEMORY, TraceFixtures.manifest(4), WriteOptions.defaults())) {
            sink.write(TraceSchema.arrays(rows), rows.size);
            sink.commit();
        }
        Path out = dir.resolve("out." + ext);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceConverter.convert(in, out));
        assertEquals(99_000, e.row());
        assertFalse(Files.exists(out));
        assertEquals(1, filesIn(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void writerRefusesUseAfterCommit(String ext) {
        Path file = dir.resolve("t." + ext);
        try (MemoryTraceWriter w = Traces.createMemory(file, TraceFixtures.manifest(2))) {
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.write(TraceFixtures.memoryRows(1, 10)));
        }
    }
}
