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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrCambridgeImporterTest {
    /** Rows in the style of the hm_0 trace: two disks of one host and one of another. */
    static final String CRAFTED = String.join("\n",
            "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime",
            "128166372003061629,hm,0,Read,3154152960,32768,1139",
            "128166372003061629,hm,1,Write,2368512,4096,28500",
            "128166372013061629,web,0,write,4096,512,100",
            "128166372023061630,hm,0,Read,0,65536,7",
            "");

    @TempDir
    Path dir;

    @Test
    void craftedFileKeepsEveryRequestWithRebasedTimeAndServiceInNanoseconds() {
        Path f = TestFiles.writeGzip(dir, "hm_0.csv.gz", CRAFTED);
        CollectingOutputs out = TestFiles.run("msr-cambridge", ImportOptions.defaults(), f);
        IoBatch io = out.io.get(OUT);
        VmManifest m = out.manifests.get(OUT);
        assertEquals(4, io.size);
        assertArrayEquals(new long[] {0, 0, 1_000_000_000L, 2_000_000_100L}, Arrays.copyOf(io.timeNanos, io.size));
        assertArrayEquals(new int[] {0, 1, 2, 0}, Arrays.copyOf(io.queue, io.size));
        assertArrayEquals(new byte[] {IoBatch.OP_READ, IoBatch.OP_WRITE, IoBatch.OP_WRITE, IoBatch.OP_READ},
                Arrays.copyOf(io.op, io.size));
        assertArrayEquals(new long[] {113_900, 2_850_000, 10_000, 700}, Arrays.copyOf(io.serviceNanos, io.size));
        assertArrayEquals(new int[] {32768, 4096, 512, 65536}, Arrays.copyOf(io.lengthBytes, io.size));
        assertEquals(3, m.ioQueues());
        assertEquals(List.of("hm/0", "hm/1", "web/0"), m.provenance().get("queues"));
        assertEquals(128166372003061629L, m.provenance().get("time_base_filetime"));
        assertEquals(1, m.ioQueueDepth(), "no two requests of one queue overlap");
    }

    @Test
    void twoFilesAreMergedByTimeAndRebasedToTheEarliest() {
        Path a = TestFiles.write(dir, "a.csv", "200,h,0,Read,0,4096,10\n400,h,0,Read,0,4096,10\n");
        Path b = TestFiles.write(dir, "b.csv", "100,h,1,Write,0,4096,10\n300,h,1,Write,0,4096,10\n");
        IoBatch io = TestFiles.run("msr-cambridge", ImportOptions.defaults(), a, b).io.get(OUT);
        assertArrayEquals(new long[] {0, 10_000, 20_000, 30_000}, Arrays.copyOf(io.timeNanos, io.size));
        assertArrayEquals(new int[] {1, 0, 1, 0}, Arrays.copyOf(io.queue, io.size));
    }

    @Test
    void unknownTypeIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "100,h,0,Read,0,4096,10\n200,h,0,Trim,0,4096,10\n");
        TestFiles.assertRejectedAtLine("msr-cambridge", ImportOptions.defaults(), f, 2, "Type");
    }

    @Test
    void missingFieldIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "100,h,0,Read,0,4096,10\n200,h,0,Read,0,4096\n");
        TestFiles.assertRejectedAtLine("msr-cambridge", ImportOptions.defaults(), f, 2, "7 fields");
    }

    @Test
    void negativeOffsetIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "100,h,0,Read,-5,4096,10\n");
        TestFiles.assertRejectedAtLine("msr-cambridge", ImportOptions.defaults(), f, 1, "Offset");
    }

    @Test
    void timeGoingBackwardsIsRejectedWithItsLineNumber() {
        Path f = TestFiles.write(dir, "bad.csv", "100,h,0,Read,0,4096,10\n200,h,0,Read,0,4096,10\n150,h,0,Read,0,1,1\n");
        TestFiles.assertRejectedAtLine("msr-cambridge", ImportOptions.defaults(), f, 3, "backwards");
    }
}
