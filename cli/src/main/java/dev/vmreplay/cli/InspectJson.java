package dev.vmreplay.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vmreplay.analysis.inspect.IoTraceStats;
import dev.vmreplay.analysis.inspect.LatencySummary;
import dev.vmreplay.analysis.inspect.MemoryTraceStats;
import dev.vmreplay.analysis.inspect.SeriesSummary;
import dev.vmreplay.analysis.inspect.SizeClass;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code inspect --format json}: a JSON array with one object per file, in argument order. Keys are
 * always present and always in the order below (absent values are {@code null}), so scripts can rely
 * on the shape. Fractions are rounded to 3 decimals (shares to 6).
 */
final class InspectJson {
    private InspectJson() {
    }

    static void write(PrintWriter out, List<InspectedTrace> traces) {
        JsonOutput.write(out, json -> {
            json.writeStartArray();
            for (InspectedTrace t : traces) {
                json.writeStartObject();
                json.writeStringField("file", t.file());
                json.writeStringField("kind", t.kindName());
                json.writeStringField("storage", t.storageName());
                if (t.memory() != null) {
                    memory(json, t.memory());
                } else {
                    io(json, t.io());
                }
                manifest(json, t);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void memory(JsonGenerator json, MemoryTraceStats s) throws IOException {
        json.writeNumberField("rows", s.rows());
        json.writeObjectFieldStart("rows_by_op");
        json.writeNumberField("write", s.writeRows());
        json.writeNumberField("write_zeros", s.zeroWriteRows());
        json.writeNumberField("read", s.readRows());
        json.writeEndObject();
        time(json, s.rows(), s.firstNanos(), s.lastNanos(), s.spanNanos());
        json.writeNumberField("vcpus_seen", s.vcpusSeen());
        json.writeNumberField("bytes_written", s.bytesWritten());
        json.writeNumberField("zero_bytes_written", s.zeroBytesWritten());
        json.writeNumberField("bytes_read", s.bytesRead());
        json.writeNumberField("distinct_pages_written", s.distinctPagesWritten());
        json.writeFieldName("share_of_memory_written");
        JsonOutput.number(json, s.shareOfMemoryWritten(), 6);
        meanRate(json, "mean_writes_per_s", s.allWriteRows(), s.spanNanos());
        series(json, "writes_per_s", s.writesPerSecond());
        series(json, "bytes_written_per_s", s.bytesWrittenPerSecond());
        series(json, "working_set_1s_pages", s.workingSet1s());
        series(json, "working_set_10s_pages", s.workingSet10s());
    }

    private static void io(JsonGenerator json, IoTraceStats s) throws IOException {
        json.writeNumberField("rows", s.rows());
        json.writeObjectFieldStart("rows_by_op");
        json.writeNumberField("read", s.readRows());
        json.writeNumberField("write", s.writeRows());
        json.writeNumberField("flush", s.flushRows());
        json.writeEndObject();
        time(json, s.rows(), s.firstNanos(), s.lastNanos(), s.spanNanos());
        json.writeNumberField("bytes_read", s.bytesRead());
        json.writeNumberField("bytes_written", s.bytesWritten());
        json.writeNumberField("queues_seen", s.queuesSeen());
        json.writeNumberField("highest_offset_end_bytes", s.highestOffsetEndBytes());
        meanRate(json, "mean_requests_per_s", s.rows(), s.spanNanos());
        series(json, "requests_per_s", s.requestsPerSecond());
        json.writeArrayFieldStart("size_classes");
        for (SizeClass c : s.sizeClasses()) {
            json.writeStartObject();
            json.writeNumberField("min_bytes", c.minBytes());
            json.writeNumberField("max_bytes", c.maxBytes());
            json.writeNumberField("requests", c.requests());
            json.writeNumberField("bytes", c.bytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("service_ns");
        latency(json, "all", s.serviceAll());
        latency(json, "read", s.serviceRead());
        latency(json, "write", s.serviceWrite());
        latency(json, "flush", s.serviceFlush());
        json.writeEndObject();
    }

    private static void time(JsonGenerator json, long rows, long first, long last, long span) throws IOException {
        nullableLong(json, "first_t_ns", rows > 0, first);
        nullableLong(json, "last_t_ns", rows > 0, last);
        json.writeNumberField("span_ns", span);
    }

    private static void meanRate(JsonGenerator json, String name, long events, long spanNanos) throws IOException {
        json.writeFieldName(name);
        if (spanNanos > 0) {
            JsonOutput.number(json, events * 1e9 / spanNanos, 3);
        } else {
            json.writeNull();
        }
    }

    private static void series(JsonGenerator json, String name, SeriesSummary s) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("window_ns", s.windowNanos());
        json.writeNumberField("windows", s.windows());
        boolean present = !s.isEmpty();
        nullableLong(json, "min", present, s.min());
        json.writeFieldName("median");
        if (present) {
            JsonOutput.number(json, s.median(), 3);
        } else {
            json.writeNull();
        }
        json.writeFieldName("mean");
        if (present) {
            JsonOutput.number(json, s.mean(), 3);
        } else {
            json.writeNull();
        }
        nullableLong(json, "max", present, s.max());
        json.writeEndObject();
    }

    private static void latency(JsonGenerator json, String name, LatencySummary l) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("requests", l.requests());
        boolean present = !l.isEmpty();
        nullableLong(json, "min", present, l.minNanos());
        json.writeFieldName("mean");
        if (present) {
            JsonOutput.number(json, l.meanNanos(), 3);
        } else {
            json.writeNull();
        }
        nullableLong(json, "p50", present, l.p50Nanos());
        nullableLong(json, "p90", present, l.p90Nanos());
        nullableLong(json, "p99", present, l.p99Nanos());
        nullableLong(json, "p999", present, l.p999Nanos());
        nullableLong(json, "max", present, l.maxNanos());
        json.writeEndObject();
    }

    private static void manifest(JsonGenerator json, InspectedTrace t) throws IOException {
        VmManifest m = t.manifest();
        json.writeObjectFieldStart("manifest");
        json.writeStringField("source", t.manifestSource().jsonName());
        json.writeStringField("memory_from", t.manifestSource().memoryFrom());
        json.writeNumberField("memory_bytes", m.memoryBytes());
        json.writeNumberField("vcpus", m.vcpus());
        json.writeArrayFieldStart("large_pages");
        for (LargePageRange r : m.largePages()) {
            json.writeStartObject();
            json.writeNumberField("gpa", r.gpa());
            json.writeNumberField("bytes", r.bytes());
            json.writeNumberField("page_bytes", r.pageBytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("zero_ranges");
        for (ZeroRange r : m.zeroRanges()) {
            json.writeStartObject();
            json.writeNumberField("gpa", r.gpa());
            json.writeNumberField("bytes", r.bytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("io_queues", m.ioQueues());
        json.writeNumberField("io_queue_depth", m.ioQueueDepth());
        json.writeFieldName("provenance");
        JsonOutput.value(json, m.provenance());
        json.writeEndObject();
    }

    private static void nullableLong(JsonGenerator json, String name, boolean present, long value) throws IOException {
        json.writeFieldName(name);
        if (present) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }
}
