package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In-memory readers serve their rows in batches of the chosen size, again after reopening, validated as a file's. */
class InMemoryTraceTest {
    private static final VmManifest VM = new VmManifest(1L << 20, 2, List.of(), List.of(), 2, 4, Map.of(), false);

    @Test
    void ioRowsComeInBatchesOfTheChosenSizeAndAgainAfterReopening() {
        IoBatch rows = new IoBatch();
        for (int i = 0; i < 10; i++) {
            rows.add(i * 100L, i % 2, i, IoBatch.OP_READ, i * 4096L, 4096, 1000 + i);
        }
        InMemoryIoTrace trace = new InMemoryIoTrace(rows, VM, 4);
        for (InMemoryIoTrace reader : List.of(trace, trace.reopen())) {
            IoBatch b = new IoBatch();
            long sum = 0;
            int batches = 0;
            while (reader.next(b)) {
                batches++;
                for (int i = 0; i < b.size; i++) {
                    sum += b.requestId[i] + b.serviceNanos[i] + b.queue[i];
                }
            }
            assertEquals(3, batches, "4 + 4 + 2 rows");
            assertEquals(45 + 10_045 + 5, sum);
            assertFalse(reader.next(b));
            assertEquals(0, b.size);
        }
        assertEquals(10, trace.rowCount());
    }

    @Test
    void ioTimeGoingBackAcrossABatchBoundaryIsReportedAtItsRow() {
        IoBatch rows = new IoBatch();
        rows.add(100, 0, 1, IoBatch.OP_READ, 0, 4096, 10);
        rows.add(50, 1, 2, IoBatch.OP_READ, 0, 4096, 10);
        InMemoryIoTrace trace = new InMemoryIoTrace(rows, VM, 1);
        IoBatch b = new IoBatch();
        trace.next(b);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> trace.next(b));
        assertEquals(1, e.row());
        assertEquals("t_ns", e.column());
    }

    @Test
    void memoryRowsBeyondTheGuestAreRejected() {
        MemoryBatch rows = new MemoryBatch();
        rows.add(0, 0, 0, 4096, MemoryBatch.OP_WRITE);
        rows.add(1, 1, 1L << 20, 4096, MemoryBatch.OP_WRITE);
        InMemoryMemoryTrace trace = new InMemoryMemoryTrace(rows, VM, 1);
        MemoryBatch b = new MemoryBatch();
        trace.next(b);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> trace.next(b));
        assertEquals(1, e.row());
        assertEquals("gpa", e.column());
    }
}
