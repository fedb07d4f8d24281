package dev.vmreplay.datasets.importer;

import static dev.vmreplay.datasets.importer.TestFiles.OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioIologImporterTest {
    @TempDir
    Path dir;

    @Test
    void randrwSampleJoinedWithItsLatencyLogKeepsEveryRequestAndLatency() {
        Path iolog = TestFiles.sample("fio-randrw.iolog.gz");
        Path lat = TestFiles.sample("fio-randrw-clat.log.gz");
        CollectingOutputs out = TestFiles.run("fio-iolog", ImportOptions.defaults().withLatencyLogs(List.of(lat)), iolog);
        IoBatch io = out.io.get(OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(287_505, io.size);
        long reads = 0;
        long serviceSum = 0;
        for (int i = 0; i < io.size; i++) {
            if (io.op[i] == IoBatch.OP_READ) {
                reads++;
            }
            assertEquals(4096, io.lengthBytes[i]);
            assertTrue(io.serviceNanos[i] > 0, "row " + i);
            serviceSum += io.serviceNanos[i];
        }
        assertEquals(201_089, reads);
        assertEquals(38_590_281_087L, serviceSum, "every clat entry paired exactly once");
        assertEquals(286_000L, io.timeNanos[0]);
        assertEquals(16_187_392L, io.offsetBytes[0]);
        assertEquals(207_910L, io.serviceNanos[0]);
        assertEquals(1, m.ioQueues());
        // fio ran with iodepth 8; clat runs from submission, so what is seen in flight stays near 8.
        assertTrue(m.ioQueueDepth() >= 8 && m.ioQueueDepth() <= 16, "depth " + m.ioQueueDepth());
        assertEquals(3L, m.provenance().get("file_actions_skipped"), "add, open, close");
    }

    @Test
    void withoutLatencyLogServiceIsZeroAndDepthDefaults() {
        Path f = TestFiles.write(dir, "v3.iolog", "fio version 3 iolog\n0 /f add\n5 /f open\n10 /f read 0 4096\n"
                + "12 /f write 8192 512\n20 /f sync\n30 /f trim 4096 4096\n31 /f close\n");
        CollectingOutputs out = TestFiles.run("fio-iolog", ImportOptions.defaults(), f);
        IoBatch io = out.io.get(OUT);
        assertArrayEquals(new long[] {10_000, 12_000, 20_000, 30_000}, Arrays.copyOf(io.timeNanos, io.size));
        assertArrayEquals(new byte[] {IoBatch.OP_READ, IoBatch.OP_WRITE, IoBatch.OP_FLUSH, IoBatch.OP_WRITE},
                Arrays.copyOf(io.op, io.size));
        assertArrayEquals(new long[] {0, 0, 0, 0}, Arrays.copyOf(io.serviceNanos, io.size));
        assertEquals(32, out.manifests.get(OUT).ioQueueDepth());
        assertEquals(1L, out.manifests.get(OUT).provenance().get("trims_imported_as_writes"));
    }

    @Test
    void version2TakesTimeFromWaitActions() {
        Path f = TestFiles.write(dir, "v2.iolog", "fio version 2 iolog\n/f add\n/f open\n/f read 0 4096\n"
                + "/f wait 150\n/f write 4096 4096\n/f read 8192 4096\n/f wait 1000\n/f read 0 4096\n");
        IoBatch io = TestFiles.run("fio-iolog", ImportOptions.defaults(), f).io.get(OUT);
        assertArrayEquals(new long[] {0, 150_000, 150_000, 1_150_000}, Arrays.copyOf(io.timeNanos, io.size));
        assertArrayEquals(new long[] {0, 1, 2, 3}, Arrays.copyOf(io.requestId, io.size));
    }

    @Test
    void twoIologsBecomeTwoQueuesMergedByTime() {
        Path a = TestFiles.write(dir, "a.iolog", "fio version 3 iolog\n10 /f read 0 4096\n30 /f read 0 4096\n");
        Path b = TestFiles.write(dir, "b.iolog", "fio version 3 iolog\n20 /g write 0 4096\n");
        CollectingOutputs out = TestFiles.run("fio-iolog", ImportOptions.defaults(), a, b);
        IoBatch io = out.io.get(OUT);
        assertArrayEquals(new int[] {0, 1, 0}, Arrays.copyOf(io.queue, io.size));
        assertEquals(2, out.manifests.get(OUT).ioQueues());
    }

    @Test
    void latencyLogIsPairedByOffsetNotJustOrder() {
        Path iolog = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 4096 4096\n2 /f read 8192 4096\n"
                + "3 /f write 4096 4096\n");
        // Completion order differs from submit order.
        Path lat = TestFiles.write(dir, "x_clat.log", "0, 500, 0, 4096, 8192, 0\n0, 700, 0, 4096, 4096, 0\n"
                + "0, 900, 1, 4096, 4096, 0\n");
        IoBatch io = TestFiles.run("fio-iolog", ImportOptions.defaults().withLatencyLogs(List.of(lat)), iolog).io.get(OUT);
        assertArrayEquals(new long[] {700, 500, 900}, Arrays.copyOf(io.serviceNanos, io.size));
    }

    @Test
    void requestWithoutLatencyEntryIsRejectedAtItsIologLine() {
        Path iolog = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 4096 4096\n2 /f read 8192 4096\n");
        Path lat = TestFiles.write(dir, "x_clat.log", "0, 700, 0, 4096, 4096, 0\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults().withLatencyLogs(List.of(lat)), iolog, 3,
                "no entry left in latency log");
    }

    @Test
    void latencyEntryWithoutRequestIsRejected() {
        Path iolog = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 4096 4096\n");
        Path lat = TestFiles.write(dir, "x_clat.log", "0, 700, 0, 4096, 4096, 0\n0, 800, 1, 4096, 0, 0\n");
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TestFiles.run("fio-iolog", ImportOptions.defaults().withLatencyLogs(List.of(lat)), iolog));
        assertEquals(lat, e.file());
        assertEquals(2, e.row(), e.getMessage());
    }

    @Test
    void latencyLogWithoutOffsetsIsRejected() {
        Path iolog = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 4096 4096\n");
        Path lat = TestFiles.write(dir, "x_clat.log", "0, 700, 0, 4096\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults().withLatencyLogs(List.of(lat)), lat, 1,
                "log_offset=1", iolog);
    }

    @Test
    void missingHeaderIsRejectedAtLineOne() {
        Path f = TestFiles.write(dir, "x.iolog", "1 /f read 0 4096\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults(), f, 1, "not a fio iolog");
    }

    @Test
    void waitInVersion3IsRejected() {
        Path f = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 0 4096\n2 /f wait 100\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults(), f, 3, "wait");
    }

    @Test
    void unknownActionIsRejected() {
        Path f = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f frobnicate 0 4096\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults(), f, 2, "unknown action");
    }

    @Test
    void readWithoutLengthIsRejected() {
        Path f = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n1 /f read 0\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults(), f, 2, "offset and length");
    }

    @Test
    void timeGoingBackwardsIsRejected() {
        Path f = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n10 /f read 0 4096\n5 /f read 0 4096\n");
        TestFiles.assertRejectedAtLine("fio-iolog", ImportOptions.defaults(), f, 3, "backwards");
    }

    @Test
    void latencyLogCountMustMatchInputs() {
        Path f = TestFiles.write(dir, "x.iolog", "fio version 3 iolog\n");
        assertThrows(IllegalArgumentException.class, () -> TestFiles.run("fio-iolog",
                ImportOptions.defaults().withLatencyLogs(List.of(f, f)), f));
    }

    @Test
    void untilKeepsRequestsSubmittedBeforeIt() {
        Path f = TestFiles.write(dir, "v3.iolog", "fio version 3 iolog\n10 /f read 0 4096\n20 /f read 0 4096\n"
                + "30 /f read 0 4096\n");
        CollectingOutputs out = TestFiles.run("fio-iolog", ImportOptions.defaults().withUntilNanos(20_000), f);
        assertEquals(1, out.io.get(OUT).size);
        assertEquals(2L, out.manifests.get(OUT).provenance().get("requests_beyond_until_left_out"));
    }
}
