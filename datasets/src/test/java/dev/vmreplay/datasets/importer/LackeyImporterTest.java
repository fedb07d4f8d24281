package dev.vmreplay.datasets.importer;

import static dev.vmreplay.datasets.importer.TestFiles.OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LackeyImporterTest {
    @TempDir
    Path dir;

    @Test
    void sqliteSampleBecomesOneWritePerAccessAtTheStatedRate() {
        CollectingOutputs out = TestFiles.run("lackey", ImportOptions.defaults().withInstructionsPerSecond(1e8),
                TestFiles.sample("sqlite3-insert.lackey.gz"));
        MemoryBatch rows = out.memory.get(OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(4_736_593, rows.size);
        LongOpenHashSet pages = new LongOpenHashSet();
        for (int i = 0; i < rows.size; i++) {
            assertEquals(MemoryBatch.OP_WRITE, rows.op[i]);
            pages.add(rows.gpa[i] >>> 12);
            pages.add((rows.gpa[i] + rows.lengthBytes[i] - 1) >>> 12);
        }
        assertEquals(306, pages.size());
        // No instruction lines: access i happens at i ticks of 10 ns.
        assertEquals(10L * (rows.size - 1), rows.timeNanos[rows.size - 1]);
        assertEquals(4_506_260L, m.provenance().get("stores"));
        assertEquals(230_333L, m.provenance().get("modifies"));
        assertEquals(0L, m.provenance().get("instructions"));
        assertEquals(2L << 20, m.memoryBytes());
    }

    @Test
    void instructionLinesDriveTheClockAndLoadsAreReads() {
        Path f = TestFiles.write(dir, "t.lackey", String.join("\n",
                "==123== Lackey, an example Valgrind tool",
                "I  04001000,3",
                " S 7ff000010,8",
                "I  04001003,5",
                "I  04001008,2",
                " L 7ff000ffc,8",
                " M 500000000,4",
                "==123== exit",
                ""));
        CollectingOutputs out = TestFiles.run("lackey", ImportOptions.defaults().withInstructionsPerSecond(1e9), f);
        MemoryBatch rows = out.memory.get(OUT);
        assertEquals(3, rows.size);
        assertArrayEquals(new long[] {1, 3, 3}, Arrays.copyOf(rows.timeNanos, rows.size));
        assertArrayEquals(new byte[] {MemoryBatch.OP_WRITE, MemoryBatch.OP_READ, MemoryBatch.OP_WRITE},
                Arrays.copyOf(rows.op, rows.size));
        // Pages 0x500000, 0x7ff000, 0x7ff001 (the load straddles into it) -> guest pages 0, 1, 2.
        assertArrayEquals(new long[] {4096 + 0x10, 4096 + 0xffc, 0}, Arrays.copyOf(rows.gpa, rows.size));
        Map<String, Object> p = out.manifests.get(OUT).provenance();
        assertEquals(2L, p.get("valgrind_message_lines_skipped"));
        assertEquals(3L, p.get("instructions"));
    }

    @Test
    void unknownAccessKindIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.lackey", " S 10,8\n X 10,8\n");
        TestFiles.assertRejectedAtLine("lackey", ImportOptions.defaults(), f, 2, "unknown access kind");
    }

    @Test
    void lineThatIsNotLackeyIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.lackey", " S 10,8\nhello\n");
        TestFiles.assertRejectedAtLine("lackey", ImportOptions.defaults(), f, 2, "not a lackey line");
    }

    @Test
    void badAddressIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.lackey", " S 10,8\n S 1g,8\n");
        TestFiles.assertRejectedAtLine("lackey", ImportOptions.defaults(), f, 2, "addr");
    }

    @Test
    void zeroSizeIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.lackey", " S 10,8\n S 10,8\n M 20,0\n");
        TestFiles.assertRejectedAtLine("lackey", ImportOptions.defaults(), f, 3, "size");
    }
}
