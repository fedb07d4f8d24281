package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SNIA IOTTA MSR Cambridge block traces: CSV
 * {@code Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime}, Timestamp a Windows filetime
 * (100 ns ticks since 1601), Type {@code Read} or {@code Write}, Offset and Size in bytes,
 * ResponseTime in 100 ns units. One queue per (Hostname, DiskNumber) in order of first appearance;
 * inputs merged by time; times rebased so the first request is at 0.
 */
final class MsrCambridgeImporter implements Importer {
    @Override
    public String name() {
        return "msr-cambridge";
    }

    @Override
    public String description() {
        return "SNIA MSR Cambridge CSV Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime "
                + "(filetime 100ns ticks, response in 100ns); one queue per host and disk, time rebased to 0";
    }

    @Override
    public boolean writesIo() {
        return true;
    }

    @Override
    public ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out) {
        Provenance.requireInputs(name(), inputs);
        Map<String, Integer> queues = new LinkedHashMap<>();
        // Filetimes x 100 overflow a long (1.3e17 ticks in 2007): times are taken relative to the first
        // Timestamp of the first input, then rebased to the earliest request.
        long[] base = {Long.MIN_VALUE};
        List<IoRequestReader> first = open(inputs, queues, true, base);
        IoImport.Survey survey = IoImport.survey(() -> first, 1, true, options, true);
        Map<String, Object> provenance = Provenance.of(name(), inputs);
        IoImport.putCounts(provenance, survey, options);
        provenance.put("queues", new ArrayList<>(queues.keySet()));
        long firstFiletime = survey.requests == 0 ? 0 : base[0] + survey.firstNanos / 100;
        provenance.put("time_base_filetime", firstFiletime);
        provenance.put("time", "t_ns = (Timestamp - first Timestamp) x 100");
        provenance.put("service_ns", "ResponseTime x 100");
        int depth = IoImport.queueDepth(options, survey, true, provenance);
        long memory = IoImport.memoryBytes(options, provenance);
        VmManifest manifest = new VmManifest(memory, options.vcpus(), List.of(), List.of(), Math.max(1, queues.size()),
                depth, provenance, false);
        long rows = IoImport.write(inputs, () -> open(inputs, queues, false, base), survey.firstNanos, outputs, out, manifest, options);
        return new ImportResult(manifest, rows);
    }

    private static List<IoRequestReader> open(List<Path> inputs, Map<String, Integer> queues, boolean assign,
                                              long[] base) {
        List<IoRequestReader> readers = new ArrayList<>();
        for (Path p : inputs) {
            readers.add(new Reader(p, queues, assign, base));
        }
        return readers;
    }

    /** One MSR CSV file. */
    private static final class Reader extends IoRequestReader {
        /** Spans beyond this overflow nanoseconds in a long (292 years). */
        private static final long MAX_TICKS = Long.MAX_VALUE / 100;

        private final LineInput in;
        private final Fields f = new Fields();
        private final Map<String, Integer> queues;
        private final boolean assign;
        private final long[] base;
        private long previous = Long.MIN_VALUE;

        Reader(Path file, Map<String, Integer> queues, boolean assign, long[] base) {
            in = new LineInput(file);
            this.base = base;
            this.queues = queues;
            this.assign = assign;
        }

        @Override
        boolean next() {
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                f.split(in, line, ',');
                if (in.lineNumber() == 1 && f.count() == 7 && f.equalsTextIgnoreCase(0, "Timestamp")) {
                    continue;
                }
                if (f.count() != 7) {
                    throw in.error(null, "expected 7 fields Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime, found "
                            + f.count());
                }
                long filetime = f.decimal(0, "Timestamp");
                if (base[0] == Long.MIN_VALUE) {
                    base[0] = filetime;
                }
                if (Math.abs(filetime - base[0]) > MAX_TICKS) {
                    throw in.error("Timestamp", "Timestamp more than 292 years away from the first one");
                }
                if (filetime < previous) {
                    throw in.error("Timestamp", "Timestamp goes backwards (" + filetime + " after " + previous + ")");
                }
                previous = filetime;
                long disk = f.decimal(2, "DiskNumber");
                String key = f.text(1) + "/" + disk;
                Integer q = queues.get(key);
                if (q == null) {
                    if (!assign) {
                        throw new IllegalStateException("queue " + key + " not seen in the first pass");
                    }
                    q = queues.size();
                    queues.put(key, q);
                }
                if (f.equalsTextIgnoreCase(3, "Read")) {
                    op = IoBatch.OP_READ;
                } else if (f.equalsTextIgnoreCase(3, "Write")) {
                    op = IoBatch.OP_WRITE;
                } else {
                    throw in.error("Type", "Type must be Read or Write, was '" + f.text(3) + "'");
                }
                offsetBytes = f.decimal(4, "Offset");
                long size = f.decimal(5, "Size");
                if (size > Integer.MAX_VALUE) {
                    throw in.error("Size", "Size above 2 GiB");
                }
                lengthBytes = (int) size;
                long response = f.decimal(6, "ResponseTime");
                if (response > MAX_TICKS) {
                    throw in.error("ResponseTime", "ResponseTime too large");
                }
                serviceNanos = response * 100;
                timeNanos = (filetime - base[0]) * 100;
                queue = q;
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            in.close();
        }
    }
}
