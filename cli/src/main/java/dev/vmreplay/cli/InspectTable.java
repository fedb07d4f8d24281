package dev.vmreplay.cli;

import dev.vmreplay.analysis.inspect.IoTraceStats;
import dev.vmreplay.analysis.inspect.LatencySummary;
import dev.vmreplay.analysis.inspect.MemoryTraceStats;
import dev.vmreplay.analysis.inspect.SeriesSummary;
import dev.vmreplay.analysis.inspect.SizeClass;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import dev.vmreplay.units.Human;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code inspect --format table}: one block of aligned "label  value" lines per file. */
final class InspectTable {
    private static final int LABEL_WIDTH = 18;

    private final List<String[]> lines = new ArrayList<>();

    private InspectTable() {
    }

    static void write(PrintWriter out, List<InspectedTrace> traces) {
        for (int i = 0; i < traces.size(); i++) {
            if (i > 0) {
                out.print('\n');
            }
            InspectTable table = new InspectTable();
            table.describe(traces.get(i));
            out.print(traces.get(i).file() + "\n");
            for (String[] line : table.lines) {
                out.print(String.format(Locale.ROOT, "  %-" + LABEL_WIDTH + "s%s\n", line[0], line[1]));
            }
        }
    }

    private void line(String label, String value) {
        lines.add(new String[] {label, value});
    }

    private void describe(InspectedTrace t) {
        String storage = t.storageName().equals("parquet") ? "Parquet" : "Arrow IPC";
        if (t.memory() != null) {
            line("kind", "memory access trace (" + storage + ")");
            describeMemory(t.memory());
        } else {
            line("kind", "IO trace (" + storage + ")");
            describeIo(t.io());
        }
        describeManifest(t);
    }

    private void describeMemory(MemoryTraceStats s) {
        line("rows", Human.count(s.rows()) + " (" + Human.count(s.writeRows()) + " write, "
                + Human.count(s.zeroWriteRows()) + " write of zeros, " + Human.count(s.readRows()) + " read)");
        if (s.rows() == 0) {
            return;
        }
        timeSpan(s.firstNanos(), s.lastNanos());
        line("vCPUs", Human.count(s.vcpusSeen()) + " seen in the rows");
        line("written", Human.count(s.allWriteRows()) + " writes, " + Human.bytes(s.bytesWritten())
                + (s.zeroBytesWritten() > 0 ? " (" + Human.bytes(s.zeroBytesWritten()) + " of zeros)" : ""));
        line("pages written", Human.count(s.distinctPagesWritten()) + " distinct 4 KiB pages ("
                + Human.bytes(s.distinctPagesWritten() * VmManifest.SMALL_PAGE_BYTES) + ", "
                + Human.percent(s.shareOfMemoryWritten()) + " of guest memory)");
        if (s.readRows() > 0) {
            line("read", Human.bytes(s.bytesRead()));
        }
        SeriesSummary writes = s.writesPerSecond();
        if (writes.isEmpty()) {
            line("write rate", shorterThan(s.spanNanos(), writes.windowNanos())
                    + overallRate(s.allWriteRows(), s.spanNanos(), "writes/s"));
        } else {
            line("writes/s", "min " + Human.count(writes.min()) + ", median " + Human.count(writes.median(), 1)
                    + ", max " + Human.count(writes.max()) + "  (" + windows(writes) + ")");
            SeriesSummary bytes = s.bytesWrittenPerSecond();
            line("bytes written/s", "min " + Human.bytes(bytes.min()) + ", median " + Human.bytes(bytes.median())
                    + ", max " + Human.bytes(bytes.max()));
        }
        workingSet("working set 1 s", s.workingSet1s(), s.spanNanos());
        workingSet("working set 10 s", s.workingSet10s(), s.spanNanos());
    }

    private void workingSet(String label, SeriesSummary ws, long spanNanos) {
        if (ws.isEmpty()) {
            line(label, shorterThan(spanNanos, ws.windowNanos()));
            return;
        }
        line(label, "mean " + Human.count(ws.mean(), 1) + " pages (" + Human.bytes(ws.mean() * 4096)
                + "), max " + Human.count(ws.max()) + " pages (" + Human.bytes(ws.max() * 4096.0)
                + ")  (distinct pages written " + windows(ws) + ")");
    }

    private void describeIo(IoTraceStats s) {
        line("requests", Human.count(s.rows()) + " (" + Human.count(s.readRows()) + " read, "
                + Human.count(s.writeRows()) + " write, " + Human.count(s.flushRows()) + " flush)");
        if (s.rows() == 0) {
            return;
        }
        timeSpan(s.firstNanos(), s.lastNanos());
        line("bytes", Human.bytes(s.bytesRead()) + " read, " + Human.bytes(s.bytesWritten()) + " written");
        line("queues", Human.count(s.queuesSeen()) + " seen in the rows; highest offset + len "
                + Human.bytes(s.highestOffsetEndBytes()));
        SeriesSummary rate = s.requestsPerSecond();
        if (rate.isEmpty()) {
            line("request rate", shorterThan(s.spanNanos(), rate.windowNanos())
                    + overallRate(s.rows(), s.spanNanos(), "requests/s"));
        } else {
            line("requests/s", "min " + Human.count(rate.min()) + ", median " + Human.count(rate.median(), 1)
                    + ", max " + Human.count(rate.max()) + "  (" + windows(rate) + ")");
        }
        String label = "size mix";
        for (SizeClass c : s.sizeClasses()) {
            // classes are listed in order, so "<= 4 KiB" after "<= 2 KiB" reads as (2 KiB, 4 KiB]
            String range = c.maxBytes() == 0 ? "0 B" : "<= " + Human.bytes(c.maxBytes());
            line(label, String.format(Locale.ROOT, "%-12s %s (%s), %s", range,
                    Human.plural(c.requests(), "request", "requests"),
                    Human.percent((double) c.requests() / s.rows()), Human.bytes(c.bytes())));
            label = "";
        }
        line("service time", "HdrHistogram, 3 significant digits");
        latency("  all", s.serviceAll());
        latency("  read", s.serviceRead());
        latency("  write", s.serviceWrite());
        latency("  flush", s.serviceFlush());
    }

    private void latency(String label, LatencySummary l) {
        if (l.isEmpty()) {
            return;
        }
        line(label, "p50 " + Human.nanos(l.p50Nanos()) + ", p90 " + Human.nanos(l.p90Nanos()) + ", p99 "
                + Human.nanos(l.p99Nanos()) + ", p99.9 " + Human.nanos(l.p999Nanos()) + ", max "
                + Human.nanos(l.maxNanos()) + ", mean " + Human.nanos(l.meanNanos()) + "  ("
                + Human.count(l.requests()) + ")");
    }

    private void describeManifest(InspectedTrace t) {
        VmManifest m = t.manifest();
        boolean memoryTrace = t.memory() != null;
        if (t.manifestSource().assumed()) {
            String from = t.manifestSource() == InspectedTrace.ManifestSource.ASSUMED_FROM_OPTION
                    ? "from --memory" : "from the highest address";
            line("manifest", memoryTrace
                    ? "none: assumed memory " + Human.bytes(m.memoryBytes()) + " " + from + ", "
                            + Human.plural(m.vcpus(), "vCPU", "vCPUs") + ", every page holds data, no large pages"
                    : "none: queues and depth unknown, taken from the rows");
            return;
        }
        String source = t.manifestSource() == InspectedTrace.ManifestSource.SIDECAR
                ? "sidecar " + t.file() + VmManifest.SIDECAR_SUFFIX : "embedded";
        line("manifest", source + ": memory " + Human.bytes(m.memoryBytes()) + ", "
                + Human.plural(m.vcpus(), "vCPU", "vCPUs") + ", " + ioQueues(m));
        line("large pages", largePages(m.largePages()));
        line("zero ranges", zeroRanges(m.zeroRanges(), m.memoryBytes()));
        if (!m.provenance().isEmpty()) {
            line("provenance", provenance(m.provenance()));
        }
    }

    private static String ioQueues(VmManifest m) {
        return m.ioQueues() == 0 ? "no IO queues"
                : Human.plural(m.ioQueues(), "IO queue", "IO queues") + " of depth " + Human.count(m.ioQueueDepth());
    }

    private static String largePages(List<LargePageRange> ranges) {
        if (ranges.isEmpty()) {
            return "none";
        }
        long bytes2m = 0;
        long bytes1g = 0;
        for (LargePageRange r : ranges) {
            if (r.pageBytes() == LargePageRange.PAGE_2M) {
                bytes2m += r.bytes();
            } else {
                bytes1g += r.bytes();
            }
        }
        StringBuilder sb = new StringBuilder(Human.plural(ranges.size(), "range", "ranges")).append(": ");
        if (bytes2m > 0) {
            sb.append(Human.bytes(bytes2m)).append(" in 2 MiB pages");
        }
        if (bytes1g > 0) {
            sb.append(bytes2m > 0 ? ", " : "").append(Human.bytes(bytes1g)).append(" in 1 GiB pages");
        }
        return sb.toString();
    }

    private static String zeroRanges(List<ZeroRange> ranges, long memoryBytes) {
        if (ranges.isEmpty()) {
            return "none";
        }
        long bytes = 0;
        for (ZeroRange r : ranges) {
            bytes += r.bytes();
        }
        return Human.plural(ranges.size(), "range", "ranges") + ": " + Human.bytes(bytes) + " ("
                + Human.percent((double) bytes / memoryBytes) + " of memory) all-zero at trace start";
    }

    private static String provenance(Map<String, Object> provenance) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : provenance.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return ErrorHandler.oneLine(sb.toString());
    }

    private void timeSpan(long firstNanos, long lastNanos) {
        line("time span", Human.seconds(firstNanos) + " .. " + Human.seconds(lastNanos) + " ("
                + Human.nanos(lastNanos - firstNanos) + ")");
    }

    private static String windows(SeriesSummary s) {
        return "per " + windowName(s.windowNanos()) + " window, " + Human.count(s.windows()) + " complete";
    }

    private static String windowName(long windowNanos) {
        return Human.nanos(windowNanos).replace(".000 s", " s");
    }

    private static String shorterThan(long spanNanos, long windowNanos) {
        return "n/a: the trace spans " + Human.nanos(spanNanos) + ", less than one complete "
                + windowName(windowNanos) + " window";
    }

    private static String overallRate(long events, long spanNanos, String unit) {
        if (spanNanos <= 0) {
            return "";
        }
        return "; over the whole span " + Human.count(events * 1e9 / spanNanos, 1) + " " + unit;
    }
}
