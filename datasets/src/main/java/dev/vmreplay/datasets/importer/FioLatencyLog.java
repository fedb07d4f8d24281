package dev.vmreplay.datasets.importer;

import dev.vmreplay.trace.TraceFormatException;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayFIFOQueue;
import java.nio.file.Path;

/**
 * A fio latency log written with {@code --write_lat_log} and {@code log_offset=1}: lines
 * {@code time_ms, latency_ns, dir, bs, offset[, prio]} in completion order. Requests of the iolog
 * (submit order) are paired with entries by direction and offset: the earliest unpaired entry with
 * the same key wins, reading ahead as far as needed. Every entry must pair with exactly one request.
 */
final class FioLatencyLog implements AutoCloseable {
    /** Entries read ahead but not yet paired, beyond which the two logs are taken not to match. */
    static final int MAX_PENDING = 4_000_000;

    private final LineInput in;
    private final Fields fields = new Fields();
    /** key (offset * 4 + dir) -> pairs of (latency ns, line number). */
    private final Long2ObjectOpenHashMap<LongArrayFIFOQueue> pending = new Long2ObjectOpenHashMap<>();
    private long pendingCount;
    private boolean exhausted;
    private long paired;

    FioLatencyLog(Path file) {
        in = new LineInput(file);
    }

    /**
     * Latency of the request {@code dir, offset, length}; {@code request} is the iolog position, for
     * the message when no entry matches.
     */
    long pair(int dir, long offset, int length, LineInput request) {
        long key = offset * 4 + dir;
        while (true) {
            LongArrayFIFOQueue q = pending.get(key);
            if (q != null && !q.isEmpty()) {
                long latency = q.dequeueLong();
                long bs = q.dequeueLong();
                q.dequeueLong();
                if (q.isEmpty()) {
                    pending.remove(key);
                }
                pendingCount--;
                if (bs != length) {
                    throw request.error("length", "request length " + length + " differs from the latency log's bs "
                            + bs + " for offset " + offset);
                }
                paired++;
                return latency;
            }
            if (!readOne()) {
                throw request.error("offset", "no entry left in latency log " + in.file().getFileName() + " for "
                        + dirName(dir) + " at offset " + offset + " (" + paired + " requests paired so far)");
            }
        }
    }

    private boolean readOne() {
        if (exhausted) {
            return false;
        }
        String line;
        do {
            line = in.next();
            if (line == null) {
                exhausted = true;
                return false;
            }
        } while (line.isEmpty());
        fields.split(in, line, ',');
        if (fields.count() < 5) {
            throw in.error(null, "latency log line has " + fields.count() + " fields; pairing needs the offset field: "
                    + "record with --write_lat_log and log_offset=1 (time_ms, latency_ns, dir, bs, offset)");
        }
        long latency = fields.decimal(1, "latency_ns");
        long dir = fields.decimal(2, "dir");
        if (dir > 2) {
            throw in.error("dir", "dir must be 0 (read), 1 (write) or 2 (trim), was " + dir);
        }
        long bs = fields.decimal(3, "bs");
        long offset = fields.decimal(4, "offset");
        if (offset > (Long.MAX_VALUE >> 2)) {
            throw in.error("offset", "offset too large");
        }
        long key = offset * 4 + dir;
        LongArrayFIFOQueue q = pending.get(key);
        if (q == null) {
            q = new LongArrayFIFOQueue();
            pending.put(key, q);
        }
        q.enqueue(latency);
        q.enqueue(bs);
        q.enqueue(in.lineNumber());
        if (++pendingCount > MAX_PENDING) {
            throw in.error(null, "more than " + MAX_PENDING + " latency entries without a matching iolog request: "
                    + "the latency log does not belong to this iolog");
        }
        return true;
    }

    /** After the last request: every entry must have been paired. */
    void finish() {
        if (pendingCount > 0 || readOne()) {
            long firstLine = Long.MAX_VALUE;
            for (LongArrayFIFOQueue q : pending.values()) {
                firstLine = Math.min(firstLine, q.lastLong());
            }
            throw new TraceFormatException(in.file(), -1, firstLine, null,
                    "latency log has entries (from line " + firstLine + ") that match no request of the iolog; "
                    + paired + " paired");
        }
    }

    long paired() {
        return paired;
    }

    private static String dirName(int dir) {
        return dir == 0 ? "read" : dir == 1 ? "write" : "trim";
    }

    @Override
    public void close() {
        in.close();
    }
}
