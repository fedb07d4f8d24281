package dev.vmreplay.trace.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.ColumnarMemoryTraceReader;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.TraceKind;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.WriteOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Readers of one unchanged Arrow file share its mappings; a rewritten file is never read through an
 * old one; files too large for one mapping read the same through any split into windows.
 */
class SharedMappingsTest {
    static final VmManifest MANIFEST = new VmManifest(1L << 30, 4, List.of(), List.of(), 0, 0, Map.of(), false);

    @TempDir
    Path dir;

    @Test
    void readersOfTheSameFileShareOneMappingAndReadTheSameRows() throws IOException {
        Path file = dir.resolve("t.arrow");
        MemoryBatch rows = rows(1, 50_000);
        write(file, rows);
        try (SharedMappings.OpenFile a = SharedMappings.open(file); SharedMappings.OpenFile b = SharedMappings.open(file)) {
            assertSame(SharedMappings.map(a, 0, a.sizeBytes()), SharedMappings.map(b, 0, b.sizeBytes()));
            try (MemoryTraceReader first = Traces.openMemory(file); MemoryTraceReader second = Traces.openMemory(file)) {
                assertSameRows(rows, readAll(first));
                assertSameRows(rows, readAll(second));
            }
        }
    }

    @Test
    void aFileReplacedByRenameIsReadFromItsNewContentEvenWithTheSameSize() throws IOException {
        Path file = dir.resolve("t.arrow");
        MemoryBatch before = rows(2, 30_000);
        MemoryBatch after = rows(3, 30_000);
        write(file, before);
        long size = Files.size(file);
        try (SharedMappings.OpenFile old = SharedMappings.open(file); MemoryTraceReader open = Traces.openMemory(file)) {
            // vmreplay writers write a temporary file and rename it over the target
            write(file, after);
            assertEquals(size, Files.size(file), "same rows, same widths: same size");
            try (SharedMappings.OpenFile fresh = SharedMappings.open(file)) {
                assertNotSame(SharedMappings.map(old, 0, size), SharedMappings.map(fresh, 0, size));
            }
            try (MemoryTraceReader reader = Traces.openMemory(file)) {
                assertSameRows(after, readAll(reader));
            }
            // the reader opened before the rename still reads the file it opened
            assertSameRows(before, readAll(open));
        }
    }

    /**
     * Files too large for one mapping are mapped as windows of whole record batches, and a record
     * batch too large for any window is mapped on its own: every split reads the same rows.
     */
    @ParameterizedTest(name = "largest mapping {0} bytes")
    @ValueSource(longs = {Integer.MAX_VALUE, 1_000_000, 400_000, 100_000})
    void everyWindowSplitReadsTheSameRows(long maxMappingBytes) throws IOException {
        Path file = dir.resolve("t.arrow");
        MemoryBatch rows = rows(4, 100_000);
        write(file, rows);
        // 7,000 rows per record batch: about 180 kB, so a 100 kB window holds only the last, short one
        long[][] windows = ArrowColumnarReader.windows(blocks(file), Files.size(file), maxMappingBytes);
        if (maxMappingBytes == Integer.MAX_VALUE) {
            assertEquals(1, windows[0].length, "the whole file");
        } else if (maxMappingBytes == 100_000) {
            assertEquals(1, windows[0].length, "only the last, short record batch (2,000 rows) fits");
        } else {
            assertTrue(windows[0].length > 1 && windows[0].length < 15, windows[0].length + " windows for 15 record batches");
            for (int w = 0; w < windows[0].length; w++) {
                assertTrue(windows[1][w] <= maxMappingBytes, "window " + w + " of " + windows[1][w] + " bytes");
            }
        }
        try (MemoryTraceReader reader = new ColumnarMemoryTraceReader(
                () -> new ArrowColumnarReader(file, TraceKind.MEMORY, maxMappingBytes), ReadOptions.defaults())) {
            assertSameRows(rows, readAll(reader));
        }
    }

    private static List<ArrowBlock> blocks(Path file) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader footer = new ArrowFileReader(FileChannel.open(file), allocator)) {
            return footer.getRecordBlocks();
        }
    }

    private static MemoryBatch rows(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        MemoryBatch b = new MemoryBatch(n);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(100);
            b.add(t, r.nextInt(4), r.nextLong((1L << 30) / 4096) * 4096, 4096, (byte) r.nextInt(3));
        }
        return b;
    }

    private static void write(Path file, MemoryBatch rows) {
        try (MemoryTraceWriter w = Traces.createMemory(file, MANIFEST, WriteOptions.defaults().withRowGroupRows(7_000))) {
            w.write(rows);
            w.commit();
        }
    }

    private static MemoryBatch readAll(MemoryTraceReader reader) {
        MemoryBatch all = new MemoryBatch((int) reader.rowCount());
        MemoryBatch b = new MemoryBatch(4096);
        while (reader.next(b)) {
            for (int i = 0; i < b.size; i++) {
                all.add(b.timeNanos[i], b.vcpu[i], b.gpa[i], b.lengthBytes[i], b.op[i]);
            }
        }
        return all;
    }

    private static void assertSameRows(MemoryBatch expected, MemoryBatch actual) {
        assertEquals(expected.size, actual.size);
        int n = expected.size;
        assertArrayEquals(java.util.Arrays.copyOf(expected.timeNanos, n), java.util.Arrays.copyOf(actual.timeNanos, n));
        assertArrayEquals(java.util.Arrays.copyOf(expected.vcpu, n), java.util.Arrays.copyOf(actual.vcpu, n));
        assertArrayEquals(java.util.Arrays.copyOf(expected.gpa, n), java.util.Arrays.copyOf(actual.gpa, n));
        assertArrayEquals(java.util.Arrays.copyOf(expected.lengthBytes, n), java.util.Arrays.copyOf(actual.lengthBytes, n));
        assertArrayEquals(java.util.Arrays.copyOf(expected.op, n), java.util.Arrays.copyOf(actual.op, n));
    }
}
