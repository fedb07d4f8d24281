package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.VmManifest;
import it.unimi.dsi.fastutil.longs.LongHeapPriorityQueue;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The shared two-pass skeleton of the IO importers: merge readers by time, measure, then write. */
final class IoImport {
    private IoImport() {
    }

    /** What the first pass saw. */
    static final class Survey {
        long requests;
        long reads;
        long writes;
        long flushes;
        long firstNanos;
        long lastNanos;
        int maxInFlight;
        /** Requests at or after --until, read and validated but not imported. */
        long leftOut;
    }

    /** Calls {@code sink} for every request of every reader, in time order (ties: lower reader first). */
    static void merge(List<IoRequestReader> readers, RequestSink sink) {
        int n = readers.size();
        boolean[] live = new boolean[n];
        try {
            for (int i = 0; i < n; i++) {
                live[i] = readers.get(i).next();
            }
            while (true) {
                int best = -1;
                for (int i = 0; i < n; i++) {
                    if (live[i] && (best < 0 || readers.get(i).timeNanos < readers.get(best).timeNanos)) {
                        best = i;
                    }
                }
                if (best < 0) {
                    return;
                }
                sink.request(readers.get(best));
                live[best] = readers.get(best).next();
            }
        } finally {
            for (IoRequestReader r : readers) {
                r.close();
            }
        }
    }

    interface RequestSink {
        void request(IoRequestReader r);
    }

    /**
     * First pass: counts, time span and, when service times are known, the most requests in flight
     * on one queue (submit to submit + service).
     */
    static Survey survey(Supplier<List<IoRequestReader>> readers, int queues, boolean serviceKnown) {
        return survey(readers, queues, serviceKnown, ImportOptions.defaults(), false);
    }

    /**
     * @param rebase true when times are rebased to the first request (so --until counts from it),
     *     false when they are kept as recorded (--until counts from 0)
     */
    static Survey survey(Supplier<List<IoRequestReader>> readers, int queues, boolean serviceKnown,
                         ImportOptions options, boolean rebase) {
        Survey s = new Survey();
        LongHeapPriorityQueue[][] holder = {new LongHeapPriorityQueue[Math.max(1, queues)]};
        merge(readers.get(), r -> {
            if (s.requests == 0 && s.leftOut == 0) {
                s.firstNanos = r.timeNanos;
            }
            if (!options.keeps(r.timeNanos - (rebase ? s.firstNanos : 0))) {
                s.leftOut++;
                return;
            }
            s.lastNanos = r.timeNanos;
            s.requests++;
            switch (r.op) {
                case IoBatch.OP_READ -> s.reads++;
                case IoBatch.OP_WRITE -> s.writes++;
                default -> s.flushes++;
            }
            if (serviceKnown) {
                if (r.queue >= holder[0].length) {
                    holder[0] = java.util.Arrays.copyOf(holder[0], Math.max(r.queue + 1, holder[0].length * 2));
                }
                LongHeapPriorityQueue heap = holder[0][r.queue];
                if (heap == null) {
                    heap = new LongHeapPriorityQueue();
                    holder[0][r.queue] = heap;
                }
                while (!heap.isEmpty() && heap.firstLong() <= r.timeNanos) {
                    heap.dequeueLong();
                }
                heap.enqueue(r.timeNanos + r.serviceNanos);
                s.maxInFlight = Math.max(s.maxInFlight, heap.size());
            }
        });
        return s;
    }

    /** Queue depth for the manifest: the user's, else the measured maximum, else the default. */
    static int queueDepth(ImportOptions options, Survey survey, boolean serviceKnown, java.util.Map<String, Object> provenance) {
        if (options.queueDepth() > 0) {
            provenance.put("io_queue_depth", "given (--queue-depth)");
            return options.queueDepth();
        }
        if (serviceKnown && survey.maxInFlight > 0) {
            provenance.put("io_queue_depth", "most requests seen in flight on one queue (submit to submit + service_ns)");
            return survey.maxInFlight;
        }
        provenance.put("io_queue_depth", "default " + ImportOptions.DEFAULT_QUEUE_DEPTH + " (no service times to measure it)");
        return ImportOptions.DEFAULT_QUEUE_DEPTH;
    }

    /** Second pass: writes every request, times minus {@code baseNanos}, request ids in submit order. */
    static long write(List<Path> inputs, Supplier<List<IoRequestReader>> readers, long baseNanos, TraceOutputs outputs,
                      Path out, VmManifest manifest, ImportOptions options) {
        IoBatch batch = new IoBatch();
        long[] nextId = new long[1];
        try (IoTraceWriter writer = outputs.io(out, manifest)) {
            merge(readers.get(), r -> {
                if (!options.keeps(r.timeNanos - baseNanos)) {
                    return;
                }
                batch.add(r.timeNanos - baseNanos, r.queue, nextId[0]++, r.op, r.offsetBytes, r.lengthBytes, r.serviceNanos);
                if (batch.isFull()) {
                    writer.write(batch);
                    batch.clear();
                }
            });
            if (batch.size > 0) {
                writer.write(batch);
            }
            Importers.requireRows(inputs, writer.rowsWritten(), options);
            writer.commit();
            return writer.rowsWritten();
        }
    }

    /** IO traces carry a manifest too: the user's --memory, else 1 GiB, said in the provenance. */
    static long memoryBytes(ImportOptions options, java.util.Map<String, Object> provenance) {
        if (options.memoryBytes() > 0) {
            return options.memoryBytes();
        }
        provenance.put("memory_bytes", "1GiB placeholder: an IO trace says nothing of guest memory (give --memory)");
        return 1L << 30;
    }

    static void putCounts(java.util.Map<String, Object> provenance, Survey s, ImportOptions options) {
        putCounts(provenance, s);
        if (options.untilNanos() > 0) {
            provenance.put("until_ns", options.untilNanos());
            provenance.put("requests_beyond_until_left_out", s.leftOut);
        }
    }

    static void putCounts(java.util.Map<String, Object> provenance, Survey s) {
        provenance.put("requests", s.requests);
        provenance.put("reads", s.reads);
        provenance.put("writes", s.writes);
        provenance.put("flushes", s.flushes);
    }
}
