package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * blkparse's default text output ({@code blkparse -i TRACE}): lines
 * {@code maj,min cpu seq seconds.nanos pid action rwbs [sector + sectors] [...]}. A request is
 * queued ({@code Q}), issued to the device ({@code D}) and completed ({@code C}); they are paired by
 * device and start sector. Back and front merges ({@code M}, {@code F}) fold a queued bio into an
 * existing request. {@code t_ns} is the queue time, {@code service_ns} complete minus issue (the
 * device's time; complete minus queue when no issue was seen), {@code len} the issued sectors x 512.
 * One queue per device. Other actions (G, I, P, U, A, ...) are counted; the per-CPU summary blkparse
 * prints at the end is skipped. Requests still in flight at the end of the trace, and completions of
 * requests queued before it began, are counted in the provenance, not imported.
 */
final class BlkparseImporter implements Importer {
    static final int SECTOR_BYTES = 512;

    @Override
    public String name() {
        return "blkparse";
    }

    @Override
    public String description() {
        return "blkparse default text output: Q/D/C lines paired per device and sector into requests "
                + "(t_ns = queue time, service_ns = complete - issue, 512-byte sectors); one queue per device";
    }

    @Override
    public boolean writesIo() {
        return true;
    }

    @Override
    public ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out) {
        Provenance.requireInputs(name(), inputs);
        Map<String, Integer> devices = new LinkedHashMap<>();
        List<IoRequestReader> first = open(inputs, devices, true);
        IoImport.Survey survey = IoImport.survey(() -> first, 1, true, options, false);
        Map<String, Object> provenance = Provenance.of(name(), inputs);
        IoImport.putCounts(provenance, survey, options);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (IoRequestReader r : first) {
            ((Reader) r).counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
        provenance.putAll(counts);
        provenance.put("queues", new ArrayList<>(devices.keySet()));
        provenance.put("time", "t_ns = Q (queue) time as printed by blkparse");
        provenance.put("service_ns", "C (complete) time - D (issue) time; C - Q when no D was seen");
        int depth = IoImport.queueDepth(options, survey, true, provenance);
        long memory = IoImport.memoryBytes(options, provenance);
        VmManifest manifest = new VmManifest(memory, options.vcpus(), List.of(), List.of(), Math.max(1, devices.size()),
                depth, provenance, false);
        long rows = IoImport.write(inputs, () -> open(inputs, devices, false), 0, outputs, out, manifest, options);
        return new ImportResult(manifest, rows);
    }

    private static List<IoRequestReader> open(List<Path> inputs, Map<String, Integer> devices, boolean assign) {
        List<IoRequestReader> readers = new ArrayList<>();
        for (Path p : inputs) {
            readers.add(new Reader(p, devices, assign));
        }
        return readers;
    }

    /** A block request being paired. */
    private static final class Request {
        final int queue;
        final long queueNanos;
        long sector;
        long sectors;
        final String rwbs;
        long issueNanos = -1;
        long completeNanos = -1;
        boolean merged;

        Request(int queue, long queueNanos, long sector, long sectors, String rwbs) {
            this.queue = queue;
            this.queueNanos = queueNanos;
            this.sector = sector;
            this.sectors = sectors;
            this.rwbs = rwbs;
        }
    }

    private record Key(int queue, long sector) {
    }

    /** One blkparse text file. */
    private static final class Reader extends IoRequestReader {
        private final LineInput in;
        private final Fields f = new Fields();
        private final Map<String, Integer> devices;
        private final boolean assign;
        private final Map<Key, ArrayDeque<Request>> queued = new HashMap<>();
        private final Map<Key, ArrayDeque<Request>> issued = new HashMap<>();
        /** Requests in queue-time order, emitted once complete so output stays sorted by t_ns. */
        private final ArrayDeque<Request> order = new ArrayDeque<>();
        final Map<String, Long> counts = new LinkedHashMap<>();
        private long previousNanos = Long.MIN_VALUE;
        private boolean inSummary;
        private boolean ended;

        Reader(Path file, Map<String, Integer> devices, boolean assign) {
            in = new LineInput(file);
            this.devices = devices;
            this.assign = assign;
            for (String k : new String[] {"bios_merged", "requests_incomplete_at_end", "completions_without_request",
                    "issues_without_queue", "requests_with_error", "discards_imported_as_writes", "other_actions",
                    "summary_lines_skipped", "header_lines_skipped"}) {
                counts.put(k, 0L);
            }
        }

        private void count(String key) {
            counts.merge(key, 1L, Long::sum);
        }

        @Override
        boolean next() {
            while (true) {
                while (!order.isEmpty() && (order.peekFirst().completeNanos >= 0 || order.peekFirst().merged)) {
                    Request r = order.pollFirst();
                    if (!r.merged) {
                        emit(r);
                        return true;
                    }
                }
                if (ended) {
                    while (!order.isEmpty()) {
                        Request r = order.pollFirst();
                        if (r.merged) {
                            continue;
                        }
                        if (r.completeNanos >= 0) {
                            emit(r);
                            return true;
                        }
                        count("requests_incomplete_at_end");
                    }
                    return false;
                }
                String line = in.next();
                if (line == null) {
                    ended = true;
                    continue;
                }
                parse(line);
            }
        }

        private void emit(Request r) {
            timeNanos = r.queueNanos;
            queue = r.queue;
            offsetBytes = r.sector < 0 ? 0 : r.sector * SECTOR_BYTES;
            long bytes = r.sectors * SECTOR_BYTES;
            lengthBytes = (int) Math.min(bytes, Integer.MAX_VALUE);
            serviceNanos = r.completeNanos - (r.issueNanos >= 0 ? r.issueNanos : r.queueNanos);
            op = opOf(r.rwbs, r.sectors);
        }

        private byte opOf(String rwbs, long sectors) {
            if (rwbs.indexOf('D') >= 0) {
                return IoBatch.OP_WRITE;
            }
            if (sectors == 0 && rwbs.indexOf('F') >= 0) {
                return IoBatch.OP_FLUSH;
            }
            if (rwbs.indexOf('W') >= 0) {
                return IoBatch.OP_WRITE;
            }
            if (rwbs.indexOf('R') >= 0) {
                return IoBatch.OP_READ;
            }
            return IoBatch.OP_FLUSH;
        }

        private void parse(String line) {
            if (line.isBlank()) {
                return;
            }
            if (inSummary || line.startsWith("Total (") || (line.startsWith("CPU") && line.length() > 3
                    && Character.isDigit(line.charAt(3)))) {
                inSummary = true;
                count("summary_lines_skipped");
                return;
            }
            if (line.startsWith("Input file ")) {
                count("header_lines_skipped");
                return;
            }
            f.splitWhitespace(in, line);
            if (f.count() < 7) {
                throw in.error(null, "not a blkparse event line (expected 'maj,min cpu seq time pid action rwbs ...')");
            }
            String dev = f.text(0);
            int comma = dev.indexOf(',');
            if (comma <= 0 || comma == dev.length() - 1 || !digits(dev, 0, comma) || !digits(dev, comma + 1, dev.length())) {
                throw in.error("device", "device must be maj,min");
            }
            f.decimal(1, "cpu");
            f.decimal(2, "sequence");
            long t = f.secondsAsNanos(3, "time");
            f.decimal(4, "pid");
            if (t < previousNanos) {
                throw in.error("time", "time goes backwards");
            }
            previousNanos = t;
            String action = f.text(5);
            switch (action) {
                case "Q", "M", "F", "D", "C", "R" -> handle(action.charAt(0), dev, t);
                case "G", "S", "P", "U", "UT", "T", "I", "X", "B", "A", "m" -> count("other_actions");
                default -> throw in.error("action", "unknown blkparse action '" + action
                        + "' (Q M F G S R D C P U UT T I X B A m)");
            }
        }

        private static boolean digits(String s, int a, int b) {
            for (int i = a; i < b; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private int queueOf(String dev) {
            Integer q = devices.get(dev);
            if (q == null) {
                if (!assign) {
                    throw new IllegalStateException("device " + dev + " not seen in the first pass");
                }
                q = devices.size();
                devices.put(dev, q);
            }
            return q;
        }

        private void handle(char action, String dev, long t) {
            String rwbs = f.text(6);
            long sector = -1;
            long sectors = 0;
            int next = 7;
            if (f.count() > 7 && Character.isDigit(f.firstChar(7))) {
                next = 8;
                if (f.count() > 9 && f.equalsText(8, "+")) {
                    sector = f.decimal(7, "sector");
                    sectors = f.decimal(9, "sectors");
                    next = 10;
                } else {
                    // A request without data (a flush) prints "C FWS 0 [0]" but "Q FWS [proc]": key both as sectorless.
                    f.decimal(7, "sector");
                }
            }
            int q = queueOf(dev);
            Key key = new Key(q, sector);
            switch (action) {
                case 'Q' -> {
                    Request r = new Request(q, t, sector, sectors, rwbs);
                    queued.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(r);
                    order.addLast(r);
                }
                case 'M' -> {
                    Request bio = pollLast(queued, key);
                    if (bio != null) {
                        bio.merged = true;
                    }
                    count("bios_merged");
                }
                case 'F' -> {
                    Request bio = pollLast(queued, key);
                    Request request = pollLast(queued, new Key(q, sector + sectors));
                    if (bio != null) {
                        bio.merged = true;
                    }
                    if (request != null) {
                        request.sector = sector;
                        request.sectors += sectors;
                        queued.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(request);
                    }
                    count("bios_merged");
                }
                case 'D' -> {
                    Request r = pollFirst(queued, key);
                    if (r == null) {
                        r = new Request(q, t, sector, sectors, rwbs);
                        order.addLast(r);
                        count("issues_without_queue");
                    }
                    r.issueNanos = t;
                    r.sectors = sectors;
                    issued.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(r);
                }
                case 'R' -> {
                    Request r = pollFirst(issued, key);
                    if (r != null) {
                        queued.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(r);
                    }
                }
                case 'C' -> {
                    Request r = pollFirst(issued, key);
                    if (r == null) {
                        r = pollFirst(queued, key);
                    }
                    if (r == null) {
                        count("completions_without_request");
                        return;
                    }
                    r.completeNanos = t;
                    if (rwbs.indexOf('D') >= 0) {
                        count("discards_imported_as_writes");
                    }
                    if (f.count() > next && !f.equalsText(next, "[0]")) {
                        count("requests_with_error");
                    }
                }
                default -> throw new IllegalStateException(String.valueOf(action));
            }
        }

        private static Request pollFirst(Map<Key, ArrayDeque<Request>> map, Key key) {
            ArrayDeque<Request> d = map.get(key);
            if (d == null) {
                return null;
            }
            Request r = d.pollFirst();
            if (d.isEmpty()) {
                map.remove(key);
            }
            return r;
        }

        private static Request pollLast(Map<Key, ArrayDeque<Request>> map, Key key) {
            ArrayDeque<Request> d = map.get(key);
            if (d == null) {
                return null;
            }
            Request r = d.pollLast();
            if (d.isEmpty()) {
                map.remove(key);
            }
            return r;
        }

        @Override
        public void close() {
            in.close();
        }
    }
}
