package dev.vmreplay.engine;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hands the replay a memory trace batch by batch. A trace read from a file ({@link MemoryTraceReader#path()}
 * not null) is decoded on a thread of its own ({@link #newDecoder}: one per run, shared by the feeds of
 * the copies of a looped recording one after the other), up to {@link #DEPTH} batches ahead, so the replay's
 * wall time approaches its own work instead of the sum of decoding and replay; an in-memory trace is
 * read on the calling thread. Batches come in file order either way, and a failure while decoding
 * (a {@link dev.vmreplay.trace.TraceFormatException}, an I/O error, any error) is rethrown, the same
 * exception object, by the {@link #next} call that would have returned the batch it hit: a replay
 * that ends before that point never sees it, exactly as when reading on one thread.
 *
 * <p>The feed never closes its reader: {@link #close} stops the decoding thread (after the batch it
 * may be decoding) and waits for it, and the reader's owner then closes the reader.
 */
final class TraceFeed implements AutoCloseable {
    /** Batches decoded ahead at most; each is reused once the replay is done with it. */
    static final int DEPTH = 3;

    private static final Object END = new Object();
    /** Put into {@link #free} to wake a decoding thread waiting for a batch when the feed closes. */
    private static final MemoryBatch STOP = new MemoryBatch(1);

    private final MemoryTraceReader reader;
    /** The decoding task, or null for an in-memory trace (read on the calling thread). */
    private final Future<?> task;
    /** Batches the decoding thread may fill (and {@link #STOP}). */
    private final ArrayBlockingQueue<MemoryBatch> free = new ArrayBlockingQueue<>(DEPTH + 1);
    /** Filled batches in file order, then {@link #END} or the failure that ended decoding. */
    private final ArrayBlockingQueue<Object> full = new ArrayBlockingQueue<>(DEPTH + 1);
    private volatile boolean stopping;
    /** The batch last returned by {@link #next} (on the decoding path: handed back on the next call). */
    private MemoryBatch current;
    private boolean ended;
    private boolean closed;

    /**
     * Room for the {@link #DEPTH} batches a feed fills, allocated by the first feed that needs them (an
     * in-memory trace needs one); one set serves the feeds of a run one after the other.
     */
    static MemoryBatch[] newBatches() {
        return new MemoryBatch[DEPTH];
    }

    /**
     * The decoding thread of one run: a daemon, started with the first file trace and reused by each
     * feed after the one before it closed. The run shuts it down at its end.
     */
    static ExecutorService newDecoder() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vmreplay-decode");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A feed reading {@code reader} into {@code batches} ({@link #newBatches}), decoding a file trace on
     * {@code decoder} ({@link #newDecoder}); the batches and the decoder may serve another feed once
     * this one is closed.
     */
    TraceFeed(MemoryTraceReader reader, MemoryBatch[] batches, ExecutorService decoder) {
        this.reader = reader;
        if (reader.path() == null) {
            task = null;
            current = batch(batches, 0);
            return;
        }
        for (int i = 0; i < DEPTH; i++) {
            free.add(batch(batches, i));
        }
        task = decoder.submit(this::decode);
    }

    private static MemoryBatch batch(MemoryBatch[] batches, int i) {
        if (batches[i] == null) {
            batches[i] = new MemoryBatch();
        }
        return batches[i];
    }

    /**
     * The next batch in file order, or null at the end of the trace. The batch stays valid until the
     * next call.
     *
     * @throws dev.vmreplay.trace.TraceFormatException on bad trace data, as the reader throws it
     */
    MemoryBatch next() {
        if (task == null) {
            return reader.next(current) ? current : null;
        }
        if (current != null) {
            free.add(current);
            current = null;
        }
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for trace data from " + reader.path(), e);
        }
        if (o instanceof MemoryBatch b) {
            current = b;
            return b;
        }
        ended = true;
        if (o == END) {
            return null;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("reading " + reader.path() + " failed", (Throwable) o);
    }

    private void decode() {
        try {
            while (true) {
                MemoryBatch b = free.take();
                if (stopping) {
                    return;
                }
                if (!reader.next(b)) {
                    full.add(END);
                    return;
                }
                full.add(b); // never blocks: DEPTH batches and one last item fit
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; if someone does, the replay fails with it instead of waiting
            full.add(e);
        } catch (Throwable e) {
            full.add(e);
        }
    }

    /** True when no decoding task runs for this feed (an in-memory trace, or closed, or read to its end). */
    boolean decodingDone() {
        return task == null || task.isDone();
    }

    /** Stops decoding and waits until the decoding task is over; the reader stays open. Idempotent. */
    @Override
    public void close() {
        if (task == null || closed) {
            return;
        }
        closed = true;
        stopping = true;
        free.add(STOP); // room: at most DEPTH batches are ever in the queue
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // decode() catches every Throwable itself; nothing is left to wait for
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
