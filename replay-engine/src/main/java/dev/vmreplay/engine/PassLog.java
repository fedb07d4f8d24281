package dev.vmreplay.engine;

import dev.vmreplay.engine.source.WriteTraces;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-pass table of one run: the counts of the pass in progress (pages and bytes sent, guest stall)
 * and the {@link PassStats} rows of the passes closed so far. Trace installs and fires are counted by
 * the {@link WriteTraces} and taken as differences at the pass's start and end.
 */
final class PassLog {
    private final List<PassStats> rows = new ArrayList<>();
    private final long migrationStartNanos;
    private long startNanos;
    private long pages;
    private long bytes;
    private long stallVcpuNanos;
    private long installsAtStart;
    private long firesAtStart;

    PassLog(long migrationStartNanos) {
        this.migrationStartNanos = migrationStartNanos;
    }

    /** A pass starts at {@code nanos}; {@code traces} may be null (no write traces in this run). */
    void begin(long nanos, WriteTraces traces) {
        startNanos = nanos;
        pages = 0;
        bytes = 0;
        stallVcpuNanos = 0;
        installsAtStart = traces == null ? 0 : traces.installs();
        firesAtStart = traces == null ? 0 : traces.fires();
    }

    /** A page (or zero marker) of {@code wireBytes} went out in this pass. */
    void pageSent(long wireBytes) {
        pages++;
        bytes += wireBytes;
    }

    /** Bytes other than pages (device state) went out in this pass. */
    void bytesSent(long wireBytes) {
        bytes += wireBytes;
    }

    /** Guest vCPUs lost {@code vcpuNanos} (summed over vCPUs) to this pass's traces or throttling. */
    void stalled(long vcpuNanos) {
        stallVcpuNanos += vcpuNanos;
    }

    long startNanos() {
        return startNanos;
    }

    long pages() {
        return pages;
    }

    long bytes() {
        return bytes;
    }

    /** Closes the pass in progress as row {@code pass} ending at {@code endNanos}. */
    void close(int pass, long endNanos, long dirtyAtEnd, boolean finalStopAndCopy, WriteTraces traces) {
        long installs = traces == null ? 0 : traces.installs() - installsAtStart;
        long fires = traces == null ? 0 : traces.fires() - firesAtStart;
        rows.add(new PassStats(pass, startNanos - migrationStartNanos, endNanos - startNanos, pages, bytes, dirtyAtEnd,
                installs, fires, stallVcpuNanos, finalStopAndCopy));
    }

    List<PassStats> rows() {
        return rows;
    }
}
