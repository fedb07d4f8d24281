package dev.vmreplay.analysis.inspect;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IoTraceInspectorTest {
    private static final long S = 1_000_000_000L;
    private static final VmManifest MANIFEST = new VmManifest(1 << 20, 1, List.of(), List.of(), 2, 8, Map.of(),
            false);

    /** Windows [0,1 s) holds 3 requests, [1 s,2 s) holds 1; the request at 2 s opens an uncounted window. */
    private static IoBatch handWorkedRows() {
        IoBatch rows = new IoBatch(8);
        rows.add(0, 0, 1, IoBatch.OP_READ, 0, 4096, 100);
        rows.add(3 * S / 10, 1, 2, IoBatch.OP_WRITE, 8192, 512, 300);
        rows.add(6 * S / 10, 0, 3, IoBatch.OP_WRITE, 1 << 20, 8192, 1000);
        rows.add(12 * S / 10, 1, 4, IoBatch.OP_FLUSH, 0, 0, 50);
        rows.add(2 * S, 0, 5, IoBatch.OP_READ, 0, 4097, 200);
        return rows;
    }

    @Test
    void handWorkedTraceGivesHandWorkedAnswers() {
        IoTraceInspector inspector = new IoTraceInspector(MANIFEST);
        IoBatch all = handWorkedRows();
        // feed in two batches to cross a batch boundary
        IoBatch part = new IoBatch(4);
        for (int i = 0; i < all.size; i++) {
            part.add(all.timeNanos[i], all.queue[i], all.requestId[i], all.op[i], all.offsetBytes[i],
                    all.lengthBytes[i], all.serviceNanos[i]);
            if (part.size == 2 || i == all.size - 1) {
                inspector.accept(part);
                part.clear();
            }
        }
        IoTraceStats s = inspector.finish();
        assertAll(
                () -> assertEquals(5, s.rows()),
                () -> assertEquals(2, s.readRows()),
                () -> assertEquals(2, s.writeRows()),
                () -> assertEquals(1, s.flushRows()),
                () -> assertEquals(4096 + 4097, s.bytesRead()),
                () -> assertEquals(512 + 8192, s.bytesWritten()),
                () -> assertEquals(0, s.firstNanos()),
                () -> assertEquals(2 * S, s.spanNanos()),
                () -> assertEquals(2, s.queuesSeen()),
                () -> assertEquals((1 << 20) + 8192, s.highestOffsetEndBytes()),
                () -> assertEquals(new SeriesSummary(S, 2, 1, 2.0, 2.0, 3), s.requestsPerSecond()),
                () -> assertEquals(List.of(
                        new SizeClass(0, 0, 1, 0),
                        new SizeClass(1, 512, 1, 512),
                        new SizeClass(2049, 4096, 1, 4096),
                        new SizeClass(4097, 8192, 2, 4097 + 8192)), s.sizeClasses()),
                // service times 100, 300, 1000, 50, 200: all below 2048 ns, where HdrHistogram is exact
                () -> assertEquals(new LatencySummary(5, 50, 330.0, 200, 1000, 1000, 1000, 1000), s.serviceAll()),
                () -> assertEquals(new LatencySummary(2, 100, 150.0, 100, 200, 200, 200, 200), s.serviceRead()),
                () -> assertEquals(new LatencySummary(2, 300, 650.0, 300, 1000, 1000, 1000, 1000), s.serviceWrite()),
                () -> assertEquals(new LatencySummary(1, 50, 50.0, 50, 50, 50, 50, 50), s.serviceFlush()));
    }

    @Test
    void percentilesOfLargeServiceTimesStayWithinOneThousandthAndNeverAboveTheMax() {
        IoTraceInspector inspector = new IoTraceInspector(MANIFEST);
        IoBatch rows = new IoBatch(1000);
        for (int i = 1; i <= 1000; i++) {
            rows.add(i, 0, i, IoBatch.OP_READ, 0, 4096, i * 100_003L);
        }
        inspector.accept(rows);
        LatencySummary read = inspector.finish().serviceRead();
        assertEquals(500 * 100_003L, read.p50Nanos(), 500 * 100_003L / 1000.0);
        assertEquals(990 * 100_003L, read.p99Nanos(), 990 * 100_003L / 1000.0);
        assertEquals(1000 * 100_003L, read.maxNanos());
        assertTrue(read.p999Nanos() <= read.maxNanos());
        assertEquals(100_003L, read.minNanos());
    }

    @ParameterizedTest(name = "len {0} -> {1}..{2}")
    @CsvSource({"0,0,0", "1,1,512", "512,1,512", "513,513,1024", "4096,2049,4096", "4097,4097,8192",
            "1048576,524289,1048576", "2147483647,1073741825,2147483647"})
    void sizeClassesArePowersOfTwoAboveHalfAKibibyte(int len, long min, long max) {
        IoTraceInspector inspector = new IoTraceInspector(MANIFEST);
        IoBatch rows = new IoBatch(1);
        rows.add(0, 0, 0, IoBatch.OP_WRITE, 0, len, 1);
        inspector.accept(rows);
        assertEquals(List.of(new SizeClass(min, max, 1, len)), inspector.finish().sizeClasses());
    }

    @Test
    void emptyTraceHasEmptySummaries() {
        IoTraceStats s = new IoTraceInspector(MANIFEST).finish();
        assertEquals(0, s.rows());
        assertTrue(s.serviceAll().isEmpty());
        assertTrue(s.requestsPerSecond().isEmpty());
        assertTrue(s.sizeClasses().isEmpty());
    }
}
