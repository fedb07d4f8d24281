package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing and reading stream: heap in use (after GC) stays within a fixed bound however long the
 * trace, because writers hold one row group and readers one row group's pages plus one batch.
 * 5M rows run by default; the 20M-row version is tagged {@code slow}.
 */
class LargeTraceMemoryTest {
    /** Far below what collecting the rows would take (25 bytes a row: 125 MB at 5M, 500 MB at 20M). */
    static final long HEAP_BOUND_BYTES = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void fiveMillionRowsStreamInBoundedHeap() {
        streamsInBoundedHeap(5_000_000, "parquet");
        streamsInBoundedHeap(5_000_000, "arrow");
    }

    @Test
    @Tag("slow")
    void twentyMillionRowsStreamInBoundedHeap() {
        streamsInBoundedHeap(20_000_000, "parquet");
        streamsInBoundedHeap(20_000_000, "arrow");
    }

    private void streamsInBoundedHeap(int rows, String ext) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedAfterGc(memory);
        Path file = dir.resolve("large." + ext);
        long peakWrite = 0;
        long expectedGpaSum = 0;
        SplittableRandom r = new SplittableRandom(2024);
        try (MemoryTraceWriter w = Traces.createMemory(file, VmManifest.assumed(1L << 40, 64))) {
            MemoryBatch b = new MemoryBatch();
            long t = 0;
            for (int i = 0; i < rows; i++) {
                t += r.nextInt(100);
                long gpa = r.nextLong(1L << 28) << 12;
                expectedGpaSum += gpa >>> 12;
                b.add(t, r.nextInt(64), gpa, 4096, MemoryBatch.OP_WRITE);
                if (b.isFull()) {
                    w.write(b);
                    b.clear();
                    if ((i & ((1 << 21) - 1)) < b.capacity()) {
                        peakWrite = Math.max(peakWrite, usedAfterGc(memory) - baseline);
                    }
                }
            }
            w.write(b);
            w.commit();
        }
        long peakRead = 0;
        long seen = 0;
        long gpaSum = 0;
        try (MemoryTraceReader reader = Traces.openMemory(file)) {
            MemoryBatch b = new MemoryBatch();
            int batches = 0;
            while (reader.next(b)) {
                seen += b.size;
                for (int i = 0; i < b.size; i++) {
                    gpaSum += b.gpa[i] >>> 12;
                }
                if (++batches % 32 == 0) {
                    peakRead = Math.max(peakRead, usedAfterGc(memory) - baseline);
                }
            }
        }
        assertEquals(rows, seen);
        assertEquals(expectedGpaSum, gpaSum);
        assertTrue(peakWrite < HEAP_BOUND_BYTES, ext + ": writing " + rows + " rows held " + (peakWrite >> 20) + " MiB");
        assertTrue(peakRead < HEAP_BOUND_BYTES, ext + ": reading " + rows + " rows held " + (peakRead >> 20) + " MiB");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
