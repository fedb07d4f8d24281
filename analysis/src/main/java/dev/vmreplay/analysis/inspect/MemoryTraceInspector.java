package dev.vmreplay.analysis.inspect;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.BitSet;

/**
 * Computes {@link MemoryTraceStats} in one pass, a batch at a time, in memory proportional to the
 * distinct pages written (RoaringBitmap), not to the trace length. Rows must come validated by a
 * reader (sorted time, op in 0..2, vCPU in range).
 *
 * <p>Each write inserts its pages into the open 1 s window's page set only. A 10 s window is exactly
 * ten 1 s windows (both are aligned at the first event), so its set is the union of theirs, and the
 * whole trace's set is the union of the 10 s sets: one insert per write instead of three.
 */
public final class MemoryTraceInspector {
    public static final long WINDOW_1S_NANOS = 1_000_000_000L;
    public static final long WINDOW_10S_NANOS = 10 * WINDOW_1S_NANOS;
    private static final int SECONDS_PER_LONG_WINDOW = (int) (WINDOW_10S_NANOS / WINDOW_1S_NANOS);
    private static final int PAGE_SHIFT = 12;

    private final VmManifest manifest;
    private final long[] rowsByOp = new long[3];
    private final long[] bytesByOp = new long[3];
    private long rows;
    private long firstNanos = -1;
    private long lastNanos = -1;
    private final BitSet vcpusSeen = new BitSet();

    private final WindowClock clock = new WindowClock(WINDOW_1S_NANOS);
    private long windowWrites;
    private long windowWriteBytes;
    private final PageSet windowPages;
    private final PageSet longWindowPages;
    private final PageSet allPages;
    private final WindowSeries writesPerSecond = new WindowSeries(WINDOW_1S_NANOS);
    private final WindowSeries bytesPerSecond = new WindowSeries(WINDOW_1S_NANOS);
    private final WindowSeries workingSet1s = new WindowSeries(WINDOW_1S_NANOS);
    private final WindowSeries workingSet10s = new WindowSeries(WINDOW_10S_NANOS);
    private boolean finished;

    public MemoryTraceInspector(VmManifest manifest) {
        this.manifest = manifest;
        long pages = manifest.smallPages();
        windowPages = PageSet.forPageCount(pages);
        longWindowPages = PageSet.forPageCount(pages);
        allPages = PageSet.forPageCount(pages);
    }

    /** Reads the whole trace (without closing it) and returns its statistics. */
    public static MemoryTraceStats inspect(MemoryTraceReader reader) {
        MemoryTraceInspector inspector = new MemoryTraceInspector(reader.manifest());
        MemoryBatch batch = new MemoryBatch();
        while (reader.next(batch)) {
            inspector.accept(batch);
        }
        return inspector.finish();
    }

    /** Adds rows {@code [0, batch.size)}; the batch may be reused by the caller afterwards. */
    public void accept(MemoryBatch batch) {
        if (finished) {
            throw new IllegalStateException("accept after finish");
        }
        final int n = batch.size;
        if (n == 0) {
            return;
        }
        final long[] t = batch.timeNanos;
        final int[] cpu = batch.vcpu;
        final long[] gpa = batch.gpa;
        final int[] len = batch.lengthBytes;
        final byte[] op = batch.op;
        if (rows == 0) {
            firstNanos = t[0];
            clock.start(firstNanos);
        }
        long windowEnd = clock.endNanos();
        for (int i = 0; i < n; i++) {
            final long ti = t[i];
            if (ti >= windowEnd) {
                closeWindowsUntil(ti);
                windowEnd = clock.endNanos();
            }
            vcpusSeen.set(cpu[i]);
            final int o = op[i];
            final int li = len[i];
            rowsByOp[o]++;
            bytesByOp[o] += li;
            if (o != MemoryBatch.OP_READ) {
                windowWrites++;
                windowWriteBytes += li;
                long firstPage = gpa[i] >>> PAGE_SHIFT;
                long lastPage = (gpa[i] + li - 1) >>> PAGE_SHIFT;
                if (firstPage == lastPage) {
                    windowPages.add(firstPage);
                } else {
                    windowPages.addRange(firstPage, lastPage + 1);
                }
            }
        }
        rows += n;
        lastNanos = t[n - 1];
    }

    /** Closes the open window and any empty ones before the window holding {@code tNanos}. */
    private void closeWindowsUntil(long tNanos) {
        long closedIndex = clock.index();
        closeOpenWindow();
        long passed = clock.advanceTo(tNanos);
        long emptyWindows = passed - 1;
        writesPerSecond.addZeros(emptyWindows);
        bytesPerSecond.addZeros(emptyWindows);
        workingSet1s.addZeros(emptyWindows);
        long closedLong = closedIndex / SECONDS_PER_LONG_WINDOW;
        long openLong = clock.index() / SECONDS_PER_LONG_WINDOW;
        if (openLong != closedLong) {
            closeLongWindow();
            workingSet10s.addZeros(openLong - closedLong - 1);
        }
    }

    private void closeOpenWindow() {
        writesPerSecond.add(windowWrites);
        bytesPerSecond.add(windowWriteBytes);
        workingSet1s.add(windowPages.cardinality());
        foldWindowPages();
    }

    private void foldWindowPages() {
        longWindowPages.or(windowPages);
        windowPages.clear();
        windowWrites = 0;
        windowWriteBytes = 0;
    }

    private void closeLongWindow() {
        workingSet10s.add(longWindowPages.cardinality());
        foldLongWindowPages();
    }

    private void foldLongWindowPages() {
        allPages.or(longWindowPages);
        longWindowPages.clear();
    }

    /** Ends the pass; the inspector cannot be used afterwards. */
    public MemoryTraceStats finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        if (rows > 0) {
            boolean shortComplete = clock.openWindowCompleteAt(lastNanos);
            // the open 10 s window ends where its last 1 s window ends
            boolean longComplete = shortComplete
                    && (clock.index() + 1) % SECONDS_PER_LONG_WINDOW == 0;
            if (shortComplete) {
                closeOpenWindow();
            } else {
                foldWindowPages();
            }
            if (longComplete) {
                closeLongWindow();
            } else {
                foldLongWindowPages();
            }
        }
        return new MemoryTraceStats(
                rows,
                rowsByOp[MemoryBatch.OP_WRITE],
                rowsByOp[MemoryBatch.OP_WRITE_ZEROS],
                rowsByOp[MemoryBatch.OP_READ],
                bytesByOp[MemoryBatch.OP_WRITE] + bytesByOp[MemoryBatch.OP_WRITE_ZEROS],
                bytesByOp[MemoryBatch.OP_WRITE_ZEROS],
                bytesByOp[MemoryBatch.OP_READ],
                firstNanos,
                lastNanos,
                vcpusSeen.cardinality(),
                allPages.cardinality(),
                writesPerSecond.summary(),
                bytesPerSecond.summary(),
                workingSet1s.summary(),
                workingSet10s.summary(),
                manifest);
    }
}
