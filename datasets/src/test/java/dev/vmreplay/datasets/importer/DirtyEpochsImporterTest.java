package dev.vmreplay.datasets.importer;

import static dev.vmreplay.datasets.importer.TestFiles.OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirtyEpochsImporterTest {
    @TempDir
    Path dir;

    @Test
    void sortSampleImportsEveryRowOntoDenseMemory() {
        CollectingOutputs out = TestFiles.run("dirty-epochs", ImportOptions.defaults(),
                TestFiles.sample("sort-dirty-epochs.csv.gz"));
        MemoryBatch rows = out.memory.get(OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(335_373, rows.size);
        LongOpenHashSet pages = new LongOpenHashSet();
        for (int i = 0; i < rows.size; i++) {
            pages.add(rows.gpa[i] / 4096);
            assertEquals(4096, rows.lengthBytes[i]);
            assertEquals(0, rows.gpa[i] % 4096);
        }
        assertEquals(78_967, pages.size());
        long[] sorted = pages.toLongArray();
        Arrays.sort(sorted);
        assertEquals(78_966, sorted[sorted.length - 1], "dense: pages 0..n-1 exactly");
        assertEquals(0, rows.timeNanos[0]);
        assertEquals(479_532_040_278L - 476_742_417_710L, rows.timeNanos[rows.size - 1]);
        assertEquals(52L, m.provenance().get("epochs"));
        assertEquals((78_967L * 4096 + (2 << 20) - 1) / (2 << 20) * (2 << 20), m.memoryBytes());
        @SuppressWarnings("unchecked")
        Map<String, Object> mapping = (Map<String, Object>) m.provenance().get("page_mapping");
        assertEquals(78_967, mapping.get("distinct_pages"));
        assertTrue((Long) mapping.get("source_page_min") <= 23_127_433_338L, "first row's page is in the range");
        assertTrue((Long) mapping.get("runs") >= 1);
    }

    @Test
    void mappingIsByRankAndPreservesOrder() {
        Path f = TestFiles.write(dir, "e.csv", "t_ns,vpn\n1000,100\n1000,5\n2000,0x7\n2000,6\n3500,100\n");
        MemoryBatch rows = TestFiles.run("dirty-epochs", ImportOptions.defaults(), f).memory.get(OUT);
        assertArrayEquals(new long[] {3 * 4096, 0, 2 * 4096, 4096, 3 * 4096}, Arrays.copyOf(rows.gpa, rows.size));
        assertArrayEquals(new long[] {0, 0, 1000, 1000, 2500}, Arrays.copyOf(rows.timeNanos, rows.size));
    }

    @Test
    void gzipInputIsDetectedByContent() {
        Path f = TestFiles.writeGzip(dir, "e.data", "5,10\n6,11\n");
        assertEquals(2, TestFiles.run("dirty-epochs", ImportOptions.defaults(), f).memory.get(OUT).size);
    }

    @Test
    void givenMemoryIsKeptWhenItHoldsEveryPage() {
        Path f = TestFiles.write(dir, "e.csv", "5,10\n6,11\n");
        VmManifest m = TestFiles.run("dirty-epochs", ImportOptions.defaults().withMemoryBytes(1L << 30), f)
                .manifests.get(OUT);
        assertEquals(1L << 30, m.memoryBytes());
    }

    @Test
    void memorySmallerThanTheDistinctPagesIsRejected() {
        Path f = TestFiles.write(dir, "e.csv", "5,10\n6,11\n6,12\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestFiles.run("dirty-epochs", ImportOptions.defaults().withMemoryBytes(8192), f));
        assertTrue(e.getMessage().contains("3 distinct pages"), e.getMessage());
    }

    @Test
    void lineWithThreeFieldsIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "t_ns,vpn\n1,2\n3,4,5\n");
        TestFiles.assertRejectedAtLine("dirty-epochs", ImportOptions.defaults(), f, 3, "2 comma-separated fields");
    }

    @Test
    void nonNumericPageIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "1,2\n3,abc\n");
        TestFiles.assertRejectedAtLine("dirty-epochs", ImportOptions.defaults(), f, 2, "vpn");
    }

    @Test
    void timeGoingBackwardsIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "10,2\n20,4\n15,4\n");
        TestFiles.assertRejectedAtLine("dirty-epochs", ImportOptions.defaults(), f, 3, "backwards");
    }

    @Test
    void headerAnywhereButTheFirstLineIsRejected() {
        Path f = TestFiles.write(dir, "bad.csv", "10,2\nt_ns,vpn\n");
        TestFiles.assertRejectedAtLine("dirty-epochs", ImportOptions.defaults(), f, 2, "t_ns");
    }

    @Test
    void negativeTimeIsRejected() {
        Path f = TestFiles.write(dir, "bad.csv", "-10,2\n");
        TestFiles.assertRejectedAtLine("dirty-epochs", ImportOptions.defaults(), f, 1, "t_ns");
    }

    @Test
    void truncatedGzipIsRejectedNotShortened() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(',').append(i * 7919L % 100_003).append('\n');
        }
        Path whole = TestFiles.writeGzip(dir, "whole.csv.gz", sb.toString());
        Path cut = dir.resolve("cut.csv.gz");
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(whole);
            java.nio.file.Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        dev.vmreplay.trace.TraceFormatException e = assertThrows(dev.vmreplay.trace.TraceFormatException.class,
                () -> TestFiles.run("dirty-epochs", ImportOptions.defaults(), cut));
        assertEquals(cut, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void untilKeepsOnlyEarlierEpochsAndCountsTheRest() {
        Path f = TestFiles.write(dir, "e.csv", "1000,100\n1000,5\n2000,7\n3000,8\n3000,9\n");
        CollectingOutputs out = TestFiles.run("dirty-epochs", ImportOptions.defaults().withUntilNanos(2000), f);
        MemoryBatch rows = out.memory.get(OUT);
        assertEquals(3, rows.size);
        assertEquals(2L, out.manifests.get(OUT).provenance().get("rows_beyond_until_left_out"));
        assertEquals(2 * 4096, rows.gpa[0], "only pages of kept rows are mapped: 5, 7, 100 (not 8, 9)");
    }

    @Test
    void blockMappingKeepsTwoMibAlignment() {
        // Pages 512+3 and 1024+7 are in different 2MiB blocks: blocks 1 and 2 -> guest blocks 0 and 1.
        Path f = TestFiles.write(dir, "e.csv", "1,515\n1,1031\n");
        CollectingOutputs out = TestFiles.run("dirty-epochs", ImportOptions.defaults().withPageMapping(PageMapping.BLOCK_2M), f);
        MemoryBatch rows = out.memory.get(OUT);
        assertArrayEquals(new long[] {3 * 4096, (512 + 7) * 4096}, Arrays.copyOf(rows.gpa, rows.size));
        assertEquals(4L << 20, out.manifests.get(OUT).memoryBytes());
    }
}
