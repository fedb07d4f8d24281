package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, overwritten and foreign files fail loudly; they never read as a shorter trace. */
class DamagedFileTest {
    @TempDir
    Path dir;

    private Path goodTrace(String ext, int rows) {
        Path file = dir.resolve("good." + ext);
        try (MemoryTraceWriter w = Traces.createMemory(file, TraceFixtures.manifest(3),
                WriteOptions.defaults().withRowGroupRows(20_000))) {
            w.write(TraceFixtures.memoryRows(3, rows));
            w.commit();
        }
        return file;
    }

    /** Reads the whole trace; returns normally only if the file is intact. */
    private static void readEverything(Path file) {
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            MemoryBatch b = new MemoryBatch();
            long rows = 0;
            while (r.next(b)) {
                rows += b.size;
            }
            assertEquals(r.rowCount(), rows);
        }
    }

    private static void assertFailsNamingFile(Path file) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readEverything(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
        assertEquals(file, e.file());
    }

    @ParameterizedTest(name = "{0} cut to {1}/8")
    @CsvSource({"parquet, 4", "parquet, 7", "arrow, 4", "arrow, 7"})
    void truncatedFileFails(String ext, int eighths) throws IOException {
        Path good = goodTrace(ext, 100_000);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut." + ext);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * eighths / 8));
        assertFailsNamingFile(cut);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void footerCutByAFewBytesFails(String ext) throws IOException {
        Path good = goodTrace(ext, 10_000);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut." + ext);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        assertFailsNamingFile(cut);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void garbageInsideParquetDataPagesFails(long seed) throws IOException {
        Path good = goodTrace("parquet", 100_000);
        byte[] bytes = Files.readAllBytes(good);
        SplittableRandom r = new SplittableRandom(seed);
        // Overwrite 64 bytes somewhere in the data region (past the magic, before the footer).
        int at = 4 + r.nextInt(bytes.length / 2);
        for (int i = 0; i < 64; i++) {
            bytes[at + i] = (byte) r.nextInt();
        }
        Path bad = dir.resolve("garbage-" + seed + ".parquet");
        Files.write(bad, bytes);
        assertFailsNamingFile(bad);
    }

    @Test
    void garbageInArrowRecordBatchHeaderFails() throws IOException {
        Path good = goodTrace("arrow", 50_000);
        byte[] bytes = Files.readAllBytes(good);
        // The first record batch's header follows the 8-byte magic and the schema message.
        int schemaEnd = 8 + 8 + java.nio.ByteBuffer.wrap(bytes, 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = schemaEnd; i < schemaEnd + 48; i++) {
            bytes[i] = (byte) 0xA5;
        }
        Path bad = dir.resolve("garbage.arrow");
        Files.write(bad, bytes);
        assertFailsNamingFile(bad);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"random.parquet, ''", "fake.parquet, PAR1", "fake.arrow, ARROW1"})
    void garbageFileFails(String name, String magic) throws IOException {
        byte[] noise = new byte[10_000];
        new SplittableRandom(9).nextBytes(noise);
        byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, noise, 0, m.length);
        Path file = dir.resolve(name);
        Files.write(file, noise);
        assertFailsNamingFile(file);
        assertThrows(TraceFormatException.class, () -> Traces.detectKind(file));
    }

    @Test
    void emptyAndMissingFilesFail() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.parquet"));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.openMemory(empty));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        Path missing = dir.resolve("missing.parquet");
        TraceFormatException m = assertThrows(TraceFormatException.class, () -> Traces.openMemory(missing));
        assertTrue(m.getMessage().contains("no such file"), m.getMessage());
    }

    @Test
    void arrowStreamFormatIsNamedAsUnsupported() throws IOException {
        Path file = dir.resolve("stream.arrows");
        Files.write(file, new byte[] {-1, -1, -1, -1, 0, 0, 0, 0});
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.detectFormat(file));
        assertTrue(e.getMessage().contains("stream format"), e.getMessage());
    }
}
