package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches of a file trace are decoded ahead on another thread, in order, failures included, and stop on close. */
class TraceFeedTest {
    private final ExecutorService decoder = TraceFeed.newDecoder();

    @AfterEach
    void shutDownDecoder() {
        decoder.shutdown();
    }
    /** Batch {@code k} holds rows k*10 .. k*10+k (k+1 rows); batch {@code failAt} throws instead. */
    private static final class CountingReader implements MemoryTraceReader {
        final Path path;
        final int batches;
        final int failAt;
        final TraceFormatException failure;
        final AtomicInteger nextCalls = new AtomicInteger();
        volatile Thread readingThread;
        volatile boolean closed;
        private int k;

        CountingReader(Path path, int batches, int failAt) {
            this.path = path;
            this.batches = batches;
            this.failAt = failAt;
            this.failure = new TraceFormatException(path, 0, failAt * 10L, "t_ns", "time decreases");
        }

        @Override
        public VmManifest manifest() {
            return Guests.manifest(1 << 20, 1);
        }

        @Override
        public long rowCount() {
            return -1;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public boolean next(MemoryBatch b) {
            nextCalls.incrementAndGet();
            readingThread = Thread.currentThread();
            b.clear();
            if (k == failAt) {
                throw failure;
            }
            if (k == batches) {
                return false;
            }
            for (int r = 0; r <= k; r++) {
                b.add(k * 10L + r, 0, 0, 8, MemoryBatch.OP_WRITE);
            }
            k++;
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void assertBatch(int k, MemoryBatch b) {
        assertNotNull(b, "batch " + k);
        assertEquals(k + 1, b.size, "rows of batch " + k);
        for (int r = 0; r <= k; r++) {
            assertEquals(k * 10L + r, b.timeNanos[r], "batch " + k + " row " + r);
        }
    }

    @Test
    void fileTraceBatchesArriveInFileOrderDecodedOnAnotherThread() {
        CountingReader reader = new CountingReader(Path.of("trace.parquet"), 20, -1);
        try (TraceFeed feed = new TraceFeed(reader, TraceFeed.newBatches(), decoder)) {
            for (int k = 0; k < 20; k++) {
                assertBatch(k, feed.next());
            }
            assertNull(feed.next());
            assertNull(feed.next());
        }
        assertNotEquals(Thread.currentThread(), reader.readingThread);
        assertFalse(reader.closed, "the feed leaves closing to the reader's owner");
    }

    @Test
    void inMemoryTraceIsReadOnTheCallingThread() {
        CountingReader reader = new CountingReader(null, 5, -1);
        try (TraceFeed feed = new TraceFeed(reader, TraceFeed.newBatches(), decoder)) {
            for (int k = 0; k < 5; k++) {
                assertBatch(k, feed.next());
            }
            assertNull(feed.next());
        }
        assertSame(Thread.currentThread(), reader.readingThread);
    }

    @Test
    void decodingFailureIsRethrownAsTheSameExceptionWhereItsBatchWouldHaveCome() {
        CountingReader reader = new CountingReader(Path.of("bad.arrow"), 20, 7);
        try (TraceFeed feed = new TraceFeed(reader, TraceFeed.newBatches(), decoder)) {
            for (int k = 0; k < 7; k++) {
                assertBatch(k, feed.next());
            }
            TraceFormatException e = assertThrows(TraceFormatException.class, feed::next);
            assertSame(reader.failure, e);
            assertTrue(e.getMessage().contains("time decreases"), e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheDecodingThreadAfterAtMostTheBatchesItMayHoldAhead() {
        CountingReader reader = new CountingReader(Path.of("long.parquet"), 1_000, -1);
        TraceFeed feed = new TraceFeed(reader, TraceFeed.newBatches(), decoder);
        assertBatch(0, feed.next());
        feed.close();
        feed.close();
        assertTrue(feed.decodingDone());
        assertTrue(reader.nextCalls.get() <= TraceFeed.DEPTH, "next() calls: " + reader.nextCalls.get());
        assertFalse(reader.closed);
    }

    @Test
    void batchesAndTheDecodingThreadServeOneFeedAfterAnother() {
        MemoryBatch[] batches = TraceFeed.newBatches();
        Set<Thread> decodingThreads = new HashSet<>();
        for (int copy = 0; copy < 3; copy++) {
            CountingReader reader = new CountingReader(Path.of("copy.parquet"), 4, -1);
            try (TraceFeed feed = new TraceFeed(reader, batches, decoder)) {
                for (int k = 0; k < 4; k++) {
                    assertBatch(k, feed.next());
                }
                assertNull(feed.next());
            }
            decodingThreads.add(reader.readingThread);
        }
        assertEquals(1, decodingThreads.size(), "one decoding thread for the copies of a run");
        assertFalse(decodingThreads.contains(Thread.currentThread()));
    }
}
