package dev.vmreplay.datasets.importer;

import static dev.vmreplay.datasets.importer.TestFiles.OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlkparseImporterTest {
    /**
     * Four requests on sda and one on sdb: a back merge folds 223498 into 223490, the second request
     * completes before the first (output must still be in queue order), a flush, and a read still in
     * flight when the trace ends. Followed by blkparse's summary.
     */
    static final String CRAFTED = String.join("\n",
            "  8,0    3        1     0.000000000  697  Q   W 223490 + 8 [kjournald]",
            "  8,0    3        2     0.000001829  697  G   W 223490 + 8 [kjournald]",
            "  8,0    3        3     0.000002197  697  P   N [kjournald]",
            "  8,0    3        4     0.000005533  697  Q   W 223498 + 8 [kjournald]",
            "  8,0    3        5     0.000005900  697  M   W 223498 + 8 [kjournald]",
            "  8,0    3        6     0.000010000  697  Q   R 1000 + 16 [cat]",
            "  8,0    3        7     0.000010500  697  G   R 1000 + 16 [cat]",
            "  8,0    3        8     0.000011000  697  I   R 1000 + 16 [cat]",
            "  8,0    3        9     0.000020000  697  D   W 223490 + 16 [kjournald]",
            "  8,0    3       10     0.000021000  697  D   R 1000 + 16 [cat]",
            "  8,16   1        1     0.000022000  700  Q  FWS [kworker/1:1]",
            "  8,16   1        2     0.000023000  700  D  FWS [kworker/1:1]",
            "  8,0    0       11     0.000500000    0  C   R 1000 + 16 [0]",
            "  8,0    0       12     0.001000000    0  C   W 223490 + 16 [0]",
            "  8,16   1        3     0.002000000    0  C  FWS 0 [0]",
            "  8,0    3       13     0.003000000  697  Q   R 5000 + 8 [cat]",
            "  8,0    0       14     0.003100000    0  C   R 9999 + 8 [0]",
            "  8,0    0       15     0.003200000    0  m   N cfq697 slice expired",
            "CPU0 (8,0):",
            " Reads Queued:           2,       12KiB  Writes Queued:           2,        8KiB",
            "Total (8,0):",
            "Throughput (R/W): 0KiB/s / 0KiB/s",
            "");

    @TempDir
    Path dir;

    @Test
    void craftedTracePairsQueueIssueAndComplete() {
        Path f = TestFiles.write(dir, "sda.txt", CRAFTED);
        CollectingOutputs out = TestFiles.run("blkparse", ImportOptions.defaults(), f);
        IoBatch io = out.io.get(OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(3, io.size);
        assertArrayEquals(new long[] {0, 10_000, 22_000}, Arrays.copyOf(io.timeNanos, io.size));
        assertArrayEquals(new byte[] {IoBatch.OP_WRITE, IoBatch.OP_READ, IoBatch.OP_FLUSH}, Arrays.copyOf(io.op, io.size));
        assertArrayEquals(new long[] {223490L * 512, 1000L * 512, 0}, Arrays.copyOf(io.offsetBytes, io.size));
        assertArrayEquals(new int[] {16 * 512, 16 * 512, 0}, Arrays.copyOf(io.lengthBytes, io.size));
        assertArrayEquals(new long[] {1_000_000 - 20_000, 500_000 - 21_000, 2_000_000 - 23_000},
                Arrays.copyOf(io.serviceNanos, io.size));
        assertArrayEquals(new int[] {0, 0, 1}, Arrays.copyOf(io.queue, io.size));
        Map<String, Object> p = m.provenance();
        assertEquals(List.of("8,0", "8,16"), p.get("queues"));
        assertEquals(1L, p.get("bios_merged"));
        assertEquals(1L, p.get("requests_incomplete_at_end"));
        assertEquals(1L, p.get("completions_without_request"));
        assertEquals(4L, p.get("summary_lines_skipped"));
        assertEquals(2, m.ioQueues());
    }

    @Test
    void frontMergeMovesTheRequestStart() {
        Path f = TestFiles.write(dir, "f.txt", String.join("\n",
                "  8,0 0 1 0.000000100 1 Q W 1008 + 8 [p]",
                "  8,0 0 2 0.000000200 1 Q W 1000 + 8 [p]",
                "  8,0 0 3 0.000000300 1 F W 1000 + 8 [p]",
                "  8,0 0 4 0.000000400 1 D W 1000 + 16 [p]",
                "  8,0 0 5 0.000001400 0 C W 1000 + 16 [0]", ""));
        IoBatch io = TestFiles.run("blkparse", ImportOptions.defaults(), f).io.get(OUT);
        assertEquals(1, io.size);
        assertEquals(100, io.timeNanos[0]);
        assertEquals(1000L * 512, io.offsetBytes[0]);
        assertEquals(16 * 512, io.lengthBytes[0]);
        assertEquals(1000, io.serviceNanos[0]);
    }

    @Test
    void unknownActionIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.txt", "  8,0 0 1 0.1 1 Q W 8 + 8 [p]\n  8,0 0 2 0.2 1 Z W 8 + 8 [p]\n");
        TestFiles.assertRejectedAtLine("blkparse", ImportOptions.defaults(), f, 2, "unknown blkparse action");
    }

    @Test
    void garbledLineIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.txt", "  8,0 0 1 0.1 1 Q W 8 + 8 [p]\nsomething else\n");
        TestFiles.assertRejectedAtLine("blkparse", ImportOptions.defaults(), f, 2, "not a blkparse event line");
    }

    @Test
    void badTimeIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.txt", "  8,0 0 1 0.1 1 Q W 8 + 8 [p]\n  8,0 0 2 0.x 1 C W 8 + 8 [0]\n");
        TestFiles.assertRejectedAtLine("blkparse", ImportOptions.defaults(), f, 2, "time");
    }

    @Test
    void badDeviceIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.txt", "  sda 0 1 0.1 1 Q W 8 + 8 [p]\n");
        TestFiles.assertRejectedAtLine("blkparse", ImportOptions.defaults(), f, 1, "maj,min");
    }
}
