package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, {1} rows, {2}")
    @CsvSource({
        "1, 0, trace.parquet",
        "2, 1, trace.parquet",
        "3, 70000, trace.parquet",
        "4, 250000, trace.parquet",
        "5, 0, trace.arrow",
        "6, 1, trace.arrow",
        "7, 70000, trace.arrow",
        "8, 250000, trace.arrow",
    })
    void memoryTraceKeepsEveryValueAndTheManifest(long seed, int rows, String name) {
        Path file = dir.resolve(name);
        VmManifest manifest = TraceFixtures.manifest(seed);
        MemoryBatch expected = TraceFixtures.memoryRows(seed, rows);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest, WriteOptions.defaults().withRowGroupRows(100_000))) {
            TraceFixtures.write(w, expected, seed);
            assertEquals(rows, w.rowsWritten());
            w.commit();
        }
        try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(0, 7777))) {
            assertEquals(manifest, r.manifest(), "manifest, seed " + seed);
            assertFalse(r.manifest().assumed());
            assertEquals(rows, r.rowCount());
            TraceFixtures.assertSameRows(expected, TraceFixtures.readAll(r), "seed " + seed);
        }
        assertEquals(TraceKind.MEMORY, Traces.detectKind(file));
    }

    @ParameterizedTest(name = "seed {0}, {1} rows, {2}")
    @CsvSource({
        "11, 0, io.parquet",
        "12, 1, io.parquet",
        "13, 123457, io.parquet",
        "14, 0, io.arrow",
        "15, 123457, io.arrow",
    })
    void ioTraceKeepsEveryValueAndTheManifest(long seed, int rows, String name) {
        Path file = dir.resolve(name);
        VmManifest manifest = TraceFixtures.manifest(seed);
        IoBatch expected = TraceFixtures.ioRows(seed, rows);
        try (IoTraceWriter w = Traces.createIo(file, manifest, WriteOptions.defaults().withRowGroupRows(50_000))) {
            TraceFixtures.write(w, expected, seed);
            w.commit();
        }
        try (IoTraceReader r = Traces.openIo(file, new ReadOptions(0, 10_000))) {
            assertEquals(manifest, r.manifest(), "manifest, seed " + seed);
            assertEquals(rows, r.rowCount());
            TraceFixtures.assertSameRows(expected, TraceFixtures.readAll(r), "seed " + seed);
        }
        assertEquals(TraceKind.IO, Traces.detectKind(file));
        assertTrue(file.toFile().isFile());
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"21", "22"})
    void memoryTraceSurvivesParquetToArrowToParquet(long seed) {
        Path parquet = dir.resolve("a.parquet");
        Path arrow = dir.resolve("b.arrow");
        Path back = dir.resolve("c.parquet");
        VmManifest manifest = TraceFixtures.manifest(seed);
        MemoryBatch expected = TraceFixtures.memoryRows(seed, 123_456);
        try (MemoryTraceWriter w = Traces.createMemory(parquet, manifest, WriteOptions.defaults().withRowGroupRows(40_000))) {
            TraceFixtures.write(w, expected, seed);
            w.commit();
        }
        TraceConverter.Result toArrow = TraceConverter.convert(parquet, arrow);
        assertEquals(new TraceConverter.Result(TraceKind.MEMORY, StorageFormat.PARQUET, StorageFormat.ARROW_IPC, 123_456, false),
                toArrow);
        assertEquals(StorageFormat.ARROW_IPC, Traces.detectFormat(arrow));
        TraceConverter.convert(arrow, back);
        assertEquals(StorageFormat.PARQUET, Traces.detectFormat(back));
        for (Path p : new Path[] {arrow, back}) {
            try (MemoryTraceReader r = Traces.openMemory(p)) {
                assertEquals(manifest, r.manifest(), p.toString());
                TraceFixtures.assertSameRows(expected, TraceFixtures.readAll(r), p + ", seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"31"})
    void ioTraceSurvivesParquetToArrowToParquet(long seed) {
        Path parquet = dir.resolve("a.parquet");
        Path arrow = dir.resolve("b.arrow");
        Path back = dir.resolve("c.parquet");
        VmManifest manifest = TraceFixtures.manifest(seed);
        IoBatch expected = TraceFixtures.ioRows(seed, 54_321);
        try (IoTraceWriter w = Traces.createIo(parquet, manifest)) {
            TraceFixtures.write(w, expected, seed);
            w.commit();
        }
        assertEquals(TraceKind.IO, TraceConverter.convert(parquet, arrow).kind());
        assertEquals(TraceKind.IO, Traces.detectKind(arrow));
        TraceConverter.convert(arrow, back);
        for (Path p : new Path[] {arrow, back}) {
            try (IoTraceReader r = Traces.openIo(p)) {
                assertEquals(manifest, r.manifest(), p.toString());
                TraceFixtures.assertSameRows(expected, TraceFixtures.readAll(r), p + ", seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x.parquet", "x.arrow"})
    void sameRowsAndManifestGiveByteIdenticalFiles(String name) throws Exception {
        Path a = dir.resolve("one-" + name);
        Path b = dir.resolve("two-" + name);
        MemoryBatch rows = TraceFixtures.memoryRows(41, 30_000);
        for (Path p : new Path[] {a, b}) {
            try (MemoryTraceWriter w = Traces.createMemory(p, TraceFixtures.manifest(41))) {
                w.write(rows);
                w.commit();
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.nio.file.Files.readAllBytes(a), java.nio.file.Files.readAllBytes(b));
    }

    /** Regular strides give zero-width delta miniblocks and long dictionary runs, page after page. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"regular.parquet", "regular.arrow"})
    void regularStridesSurviveManyPagesPerRowGroup(String name) {
        Path file = dir.resolve(name);
        MemoryBatch rows = new MemoryBatch(300_000);
        for (int i = 0; i < 300_000; i++) {
            rows.add(i * 100L, i / 100_000, (i % 250_000) * 4096L, 4096, (byte) (i / 150_000));
        }
        VmManifest manifest = TraceFixtures.manifest(1);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            w.write(rows);
            w.commit();
        }
        try (MemoryTraceReader r = Traces.openMemory(file, new ReadOptions(0, 10_000))) {
            TraceFixtures.assertSameRows(rows, TraceFixtures.readAll(r), name);
        }
    }

    /** Extreme int64 values force 64-bit-wide delta miniblocks and wrapping deltas. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"extreme.parquet", "extreme.arrow"})
    void extremeRequestIdsAndOffsetsSurvive(String name) {
        Path file = dir.resolve(name);
        java.util.SplittableRandom r = new java.util.SplittableRandom(77);
        IoBatch rows = new IoBatch(100_000);
        for (int i = 0; i < 100_000; i++) {
            long id = switch (i % 4) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                default -> r.nextLong();
            };
            rows.add(i, 0, id, IoBatch.OP_READ, i % 3 == 0 ? Long.MAX_VALUE : r.nextLong(Long.MAX_VALUE),
                    i % 5 == 0 ? Integer.MAX_VALUE : 0, i % 7 == 0 ? Long.MAX_VALUE : 0);
        }
        try (IoTraceWriter w = Traces.createIo(file, TraceFixtures.manifest(1))) {
            w.write(rows);
            w.commit();
        }
        try (IoTraceReader rd = Traces.openIo(file, new ReadOptions(0, 9_999))) {
            TraceFixtures.assertSameRows(rows, TraceFixtures.readAll(rd), name);
        }
    }
}
