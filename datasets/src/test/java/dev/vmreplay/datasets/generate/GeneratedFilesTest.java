package dev.vmreplay.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generators writing real trace files through {@link Traces}. */
class GeneratedFilesTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedWritesByteIdenticalParquetFiles() throws IOException {
        GuestSpec guest = new GuestSpec(1L << 30, 4, 2_000_000_000L, 1234);
        Generator.generate(Workloads.byName("database"), guest, Map.of(), TraceOutputs.files(),
                dir.resolve("a.parquet"), dir.resolve("a.io.parquet"));
        Generator.generate(Workloads.byName("database"), guest, Map.of(), TraceOutputs.files(),
                dir.resolve("b.parquet"), dir.resolve("b.io.parquet"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.parquet")), Files.readAllBytes(dir.resolve("b.parquet")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.io.parquet")), Files.readAllBytes(dir.resolve("b.io.parquet")));
        Generator.generate(Workloads.byName("database"), new GuestSpec(1L << 30, 4, 2_000_000_000L, 1235), Map.of(),
                TraceOutputs.files(), dir.resolve("c.parquet"), dir.resolve("c.io.parquet"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a.parquet")),
                Files.readAllBytes(dir.resolve("c.parquet"))));
    }

    @Test
    void writtenTraceReadsBackWithItsManifestAndEveryRow() {
        GuestSpec guest = new GuestSpec(64L << 30, 8, 1_000_000_000L, 7);
        Path mem = dir.resolve("g.parquet");
        Path io = dir.resolve("g.io.parquet");
        Generator.Result result = Generator.generate(Workloads.byName("database"), guest, Map.of("rate", "200k/s"),
                TraceOutputs.files(), mem, io);
        try (MemoryTraceReader r = Traces.openMemory(mem)) {
            VmManifest m = r.manifest();
            assertEquals(result.manifest(), m);
            assertEquals("database", m.provenance().get("generator"));
            assertEquals(result.memoryRows(), r.rowCount());
            MemoryBatch b = new MemoryBatch();
            long rows = 0;
            while (r.next(b)) {
                rows += b.size;
            }
            assertEquals(result.memoryRows(), rows);
        }
        try (IoTraceReader r = Traces.openIo(io)) {
            assertEquals(result.ioRows(), r.rowCount());
            IoBatch b = new IoBatch();
            long rows = 0;
            while (r.next(b)) {
                rows += b.size;
            }
            assertEquals(result.ioRows(), rows);
            assertEquals(4, r.manifest().ioQueues());
        }
    }
}
