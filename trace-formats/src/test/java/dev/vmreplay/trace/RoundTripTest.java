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
}
