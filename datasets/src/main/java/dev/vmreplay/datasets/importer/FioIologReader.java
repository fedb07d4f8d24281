package dev.vmreplay.datasets.importer;

import dev.vmreplay.trace.IoBatch;
import java.nio.file.Path;

/**
 * One fio iolog, version 2 or 3. Version 3 lines: {@code time_us file action [offset length]}.
 * Version 2 lines: {@code file action [offset length]}, with no times: requests are issued at the
 * clock of the {@code wait} actions before them ({@code file wait usec}, relative to the previous
 * wait). Actions {@code read}, {@code write}, {@code trim} (imported as a write: the IO schema has no
 * trim), {@code sync} and {@code datasync} (flushes); {@code add}, {@code open}, {@code close} manage
 * files and are counted.
 */
final class FioIologReader extends IoRequestReader {
    private final LineInput in;
    private final Fields f = new Fields();
    private final FioLatencyLog latency;
    private final int version;
    private long waitClockNanos;
    private long previousNanos;
    long fileActions;
    long waits;
    long trims;

    FioIologReader(Path iolog, Path latencyLog, int queueIndex) {
        in = new LineInput(iolog);
        String header = in.next();
        if (header == null) {
            throw dev.vmreplay.trace.TraceFormatException.ofFile(iolog, "no rows: the input is empty (a fio iolog starts"
                    + " with the header 'fio version 2 iolog' or 'fio version 3 iolog')", null);
        }
        if (header.trim().equals("fio version 3 iolog")) {
            version = 3;
        } else if (header.trim().equals("fio version 2 iolog")) {
            version = 2;
        } else {
            throw in.error(null, "not a fio iolog: expected the header 'fio version 2 iolog' or 'fio version 3 iolog'");
        }
        queue = queueIndex;
        latency = latencyLog == null ? null : new FioLatencyLog(latencyLog);
    }

    int version() {
        return version;
    }

    @Override
    boolean next() {
        String line;
        while ((line = in.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            f.splitWhitespace(in, line);
            int base = version == 3 ? 1 : 0;
            if (f.count() < base + 2) {
                throw in.error(null, version == 3 ? "expected 'time_us file action [offset length]'"
                        : "expected 'file action [offset length]'");
            }
            long t;
            if (version == 3) {
                t = f.decimal(0, "time_us") * 1000;
            } else {
                t = waitClockNanos;
            }
            if (t < previousNanos) {
                throw in.error("time_us", "time goes backwards (" + t / 1000 + " us after " + previousNanos / 1000 + " us)");
            }
            previousNanos = t;
            int action = base + 1;
            if (f.equalsText(action, "add") || f.equalsText(action, "open") || f.equalsText(action, "close")) {
                fileActions++;
                continue;
            }
            if (f.equalsText(action, "wait")) {
                if (version == 3) {
                    throw in.error("action", "'wait' is not allowed in iolog version 3");
                }
                if (f.count() < base + 3) {
                    throw in.error("offset", "wait needs a time in microseconds");
                }
                waitClockNanos += f.decimal(base + 2, "usec") * 1000;
                waits++;
                continue;
            }
            byte opCode;
            int dir;
            if (f.equalsText(action, "read")) {
                opCode = IoBatch.OP_READ;
                dir = 0;
            } else if (f.equalsText(action, "write")) {
                opCode = IoBatch.OP_WRITE;
                dir = 1;
            } else if (f.equalsText(action, "trim")) {
                opCode = IoBatch.OP_WRITE;
                dir = 2;
                trims++;
            } else if (f.equalsText(action, "sync") || f.equalsText(action, "datasync")) {
                opCode = IoBatch.OP_FLUSH;
                dir = -1;
            } else {
                throw in.error("action", "unknown action '" + f.text(action)
                        + "' (read, write, trim, sync, datasync, wait, add, open, close)");
            }
            timeNanos = t;
            op = opCode;
            if (dir < 0) {
                if (f.count() != base + 2 && f.count() != base + 4) {
                    throw in.error(null, "sync takes no or two numbers (offset length)");
                }
                offsetBytes = 0;
                lengthBytes = 0;
                serviceNanos = 0;
                return true;
            }
            if (f.count() != base + 4) {
                throw in.error(null, "expected offset and length after '" + f.text(action) + "'");
            }
            offsetBytes = f.decimal(base + 2, "offset");
            long len = f.decimal(base + 3, "length");
            if (len > Integer.MAX_VALUE) {
                throw in.error("length", "length above 2 GiB");
            }
            lengthBytes = (int) len;
            serviceNanos = latency == null ? 0 : latency.pair(dir, offsetBytes, lengthBytes, in);
            return true;
        }
        if (latency != null) {
            latency.finish();
        }
        return false;
    }

    @Override
    public void close() {
        in.close();
        if (latency != null) {
            latency.close();
        }
    }
}
