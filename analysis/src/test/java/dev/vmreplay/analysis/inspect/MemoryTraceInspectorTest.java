package dev.vmreplay.analysis.inspect;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryTraceInspectorTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_000;
    private static final VmManifest ONE_MIB_TWO_VCPUS = new VmManifest(1 << 20, 2, List.of(), List.of(), 0, 0,
            Map.of(), false);

    /**
     * The hand-worked trace. Windows start at the first row (T0):
     * window 0 = rows 1-4: 3 writes, 12296 bytes, pages {0,1,2};
     * window 1 = row 5: 1 zero-write, 4096 bytes, page {3}; window 2 empty;
     * window 3 = row 6: 1 write of 2 bytes straddling pages 0 and 1; windows 4..11 empty;
     * window 12 (row 7, at 12.5 s) is cut short by the end of the trace and is not counted.
     * 10 s window 0 = pages {0,1,2,3}; 10 s window 1 is incomplete.
     */
    private static MemoryBatch handWorkedRows() {
        MemoryBatch rows = new MemoryBatch(8);
        rows.add(T0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(T0 + S / 5, 1, 4096, 8192, MemoryBatch.OP_WRITE);
        rows.add(T0 + S / 2, 0, 0, 8, MemoryBatch.OP_WRITE);
        rows.add(T0 + 9 * S / 10, 1, 40960, 4096, MemoryBatch.OP_READ);
        rows.add(T0 + 3 * S / 2, 0, 12288, 4096, MemoryBatch.OP_WRITE_ZEROS);
        rows.add(T0 + 3 * S, 0, 4095, 2, MemoryBatch.OP_WRITE);
        rows.add(T0 + 25 * S / 2, 1, 0, 4096, MemoryBatch.OP_WRITE);
        return rows;
    }

    private static MemoryTraceStats inspect(MemoryBatch rows, VmManifest manifest, int batchRows) {
        return MemoryTraceInspector.inspect(new InMemoryMemoryTrace(rows, manifest, batchRows));
    }

    @ParameterizedTest(name = "batches of {0} rows")
    @ValueSource(ints = {1, 2, 3, 7, 64})
    void handWorkedTraceGivesHandWorkedAnswersWhateverTheBatchSize(int batchRows) {
        MemoryTraceStats s = inspect(handWorkedRows(), ONE_MIB_TWO_VCPUS, batchRows);
        assertAll(
                () -> assertEquals(7, s.rows()),
                () -> assertEquals(5, s.writeRows()),
                () -> assertEquals(1, s.zeroWriteRows()),
                () -> assertEquals(1, s.readRows()),
                () -> assertEquals(6, s.allWriteRows()),
                () -> assertEquals(4096 + 8192 + 8 + 4096 + 2 + 4096, s.bytesWritten()),
                () -> assertEquals(4096, s.zeroBytesWritten()),
                () -> assertEquals(4096, s.bytesRead()),
                () -> assertEquals(T0, s.firstNanos()),
                () -> assertEquals(T0 + 12 * S + S / 2, s.lastNanos()),
                () -> assertEquals(12 * S + S / 2, s.spanNanos()),
                () -> assertEquals(2, s.vcpusSeen()),
                () -> assertEquals(4, s.distinctPagesWritten()),
                () -> assertEquals(4.0 / 256, s.shareOfMemoryWritten()),
                // write rows per window: 3,1,0,1 then eight zeros
                () -> assertEquals(new SeriesSummary(S, 12, 0, 0.0, 5.0 / 12, 3), s.writesPerSecond()),
                () -> assertEquals(new SeriesSummary(S, 12, 0, 0.0, (12296.0 + 4096 + 2) / 12, 12296),
                        s.bytesWrittenPerSecond()),
                // distinct pages per window: 3,1,0,2 then eight zeros
                () -> assertEquals(new SeriesSummary(S, 12, 0, 0.0, 6.0 / 12, 3), s.workingSet1s()),
                () -> assertEquals(new SeriesSummary(10 * S, 1, 4, 4.0, 4.0, 4), s.workingSet10s()),
                () -> assertEquals(ONE_MIB_TWO_VCPUS, s.manifest()));
    }

    @Test
    void windowCountsWhenTheTraceReachesItsLastNanosecond() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(S - 1, 0, 4096, 4096, MemoryBatch.OP_WRITE);
        MemoryTraceStats s = inspect(rows, ONE_MIB_TWO_VCPUS, 16);
        assertEquals(new SeriesSummary(S, 1, 2, 2.0, 2.0, 2), s.writesPerSecond());
        assertEquals(new SeriesSummary(S, 1, 2, 2.0, 2.0, 2), s.workingSet1s());
        assertTrue(s.workingSet10s().isEmpty());
    }

    @Test
    void rowAtTheWindowEndOpensTheNextWindowWhichIsNotCounted() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(S, 0, 4096, 4096, MemoryBatch.OP_WRITE);
        MemoryTraceStats s = inspect(rows, ONE_MIB_TWO_VCPUS, 16);
        assertEquals(new SeriesSummary(S, 1, 1, 1.0, 1.0, 1), s.writesPerSecond());
        assertEquals(2, s.distinctPagesWritten(), "the uncounted window's pages still count in the total");
    }

    @Test
    void traceShorterThanOneWindowHasNoWindowStatisticsButFullTotals() {
        MemoryBatch rows = new MemoryBatch(4);
        rows.add(5, 1, 8192, 4096, MemoryBatch.OP_WRITE);
        rows.add(S / 2, 0, 8192, 100, MemoryBatch.OP_WRITE);
        MemoryTraceStats s = inspect(rows, ONE_MIB_TWO_VCPUS, 16);
        assertTrue(s.writesPerSecond().isEmpty());
        assertTrue(s.workingSet1s().isEmpty());
        assertTrue(s.workingSet10s().isEmpty());
        assertEquals(1, s.distinctPagesWritten());
        assertEquals(4196, s.bytesWritten());
        assertEquals(S / 2 - 5, s.spanNanos());
    }

    @Test
    void emptyTraceReportsZeroRowsAndNoTimes() {
        MemoryTraceStats s = inspect(new MemoryBatch(1), ONE_MIB_TWO_VCPUS, 16);
        assertEquals(0, s.rows());
        assertEquals(-1, s.firstNanos());
        assertEquals(0, s.spanNanos());
        assertEquals(0, s.distinctPagesWritten());
        assertTrue(s.writesPerSecond().isEmpty());
    }

    @Test
    void guestAbove16TiBCountsPagesBeyondThe32BitRange() {
        long memory = 64L << 40;
        VmManifest big = new VmManifest(memory, 1, List.of(), List.of(), 0, 0, Map.of(), false);
        MemoryBatch rows = new MemoryBatch(4);
        long high = 40L << 40; // page number 2^31 * 5, above 2^32
        rows.add(0, 0, high, 4096, MemoryBatch.OP_WRITE);
        rows.add(1, 0, high - 4096 * 2, 3 * 4096, MemoryBatch.OP_WRITE); // pages high-2 .. high
        rows.add(2, 0, high & 0xFFFF_FFFFL, 4096, MemoryBatch.OP_WRITE); // page that aliases `high` in 32 bits
        MemoryTraceStats s = inspect(rows, big, 16);
        assertEquals(4, s.distinctPagesWritten());
    }

    /** Every statistic against a plain, obviously-correct computation over seeded random traces. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261125})
    void matchesStraightforwardComputationOnRandomTraces(long seed) {
        Random random = new Random(seed);
        VmManifest manifest = new VmManifest(64L << 20, 4, List.of(), List.of(), 0, 0, Map.of(), false);
        int n = 5_000 + random.nextInt(5_000);
        MemoryBatch rows = new MemoryBatch(n);
        long t = random.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            // mostly dense, sometimes an idle gap of up to 25 s
            t += random.nextInt(50) == 0 ? (long) (random.nextDouble() * 25 * S) : random.nextInt(20_000_000);
            int len = random.nextInt(10) == 0 ? 1 + random.nextInt(3 * 4096) : 4096;
            long gpa = random.nextInt((int) ((manifest.memoryBytes() - len) / 64)) * 64L;
            byte op = (byte) random.nextInt(3);
            rows.add(t, random.nextInt(4), gpa, len, op);
        }
        MemoryTraceStats s = inspect(rows, manifest, 1 + random.nextInt(3000));

        long first = rows.timeNanos[0];
        long last = rows.timeNanos[n - 1];
        long completeWindows1 = (last + 1 - first) / S;
        long completeWindows10 = (last + 1 - first) / (10 * S);
        TreeMap<Long, Set<Long>> pages1 = new TreeMap<>();
        TreeMap<Long, Set<Long>> pages10 = new TreeMap<>();
        TreeMap<Long, long[]> writes1 = new TreeMap<>();
        Set<Long> all = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (rows.op[i] == MemoryBatch.OP_READ) {
                continue;
            }
            long w = (rows.timeNanos[i] - first) / S;
            long[] c = writes1.computeIfAbsent(w, k -> new long[2]);
            c[0]++;
            c[1] += rows.lengthBytes[i];
            for (long p = rows.gpa[i] / 4096; p <= (rows.gpa[i] + rows.lengthBytes[i] - 1) / 4096; p++) {
                pages1.computeIfAbsent(w, k -> new HashSet<>()).add(p);
                pages10.computeIfAbsent(w / 10, k -> new HashSet<>()).add(p);
                all.add(p);
            }
        }
        List<Long> ws1 = new ArrayList<>();
        List<Long> ops = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        for (long w = 0; w < completeWindows1; w++) {
            ws1.add((long) pages1.getOrDefault(w, Set.of()).size());
            long[] c = writes1.getOrDefault(w, new long[2]);
            ops.add(c[0]);
            bytes.add(c[1]);
        }
        List<Long> ws10 = new ArrayList<>();
        for (long w = 0; w < completeWindows10; w++) {
            ws10.add((long) pages10.getOrDefault(w, Set.of()).size());
        }
        String context = "seed " + seed;
        assertEquals(all.size(), s.distinctPagesWritten(), context);
        assertEquals(naiveSummary(S, ops), s.writesPerSecond(), context);
        assertEquals(naiveSummary(S, bytes), s.bytesWrittenPerSecond(), context);
        assertEquals(naiveSummary(S, ws1), s.workingSet1s(), context);
        assertEquals(naiveSummary(10 * S, ws10), s.workingSet10s(), context);
        assertTrue(s.workingSet10s().windows() > 0, context + ": the random traces are meant to span 10 s");
    }

    private static SeriesSummary naiveSummary(long windowNanos, List<Long> values) {
        if (values.isEmpty()) {
            return SeriesSummary.empty(windowNanos);
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        long sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        double median = (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2.0;
        return new SeriesSummary(windowNanos, n, sorted.get(0), median, (double) sum / n, sorted.get(n - 1));
    }
}
