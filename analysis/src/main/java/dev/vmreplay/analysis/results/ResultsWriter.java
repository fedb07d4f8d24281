package dev.vmreplay.analysis.results;

import dev.vmreplay.engine.PassStats;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code results.parquet}, {@code results.csv} and {@code passes.parquet} (schema in
 * {@link ResultColumns}) for records already in their final order. Each file is written to a
 * temporary file and renamed, so an interrupted write never leaves a half table.
 */
public final class ResultsWriter {
    public static final String RESULTS_PARQUET = "results.parquet";
    public static final String RESULTS_CSV = "results.csv";
    public static final String PASSES_PARQUET = "passes.parquet";

    private ResultsWriter() {
    }

    public static void writeAll(Path dir, List<RunRecord> records) {
        List<String> configKeys = ResultColumns.configKeys(records);
        MessageType results = resultsSchema(configKeys);
        AtomicFiles.write(dir.resolve(RESULTS_PARQUET), tmp -> writeResultsParquet(tmp, results, configKeys, records));
        AtomicFiles.writeBytes(dir.resolve(RESULTS_CSV), resultsCsv(configKeys, records).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(PASSES_PARQUET), tmp -> writePassesParquet(tmp, records));
    }

    public static MessageType resultsSchema(List<String> configKeys) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("run_id");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("trace");
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("io_trace");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("preset");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("overrides");
        b.required(PrimitiveTypeName.INT64).named("assumed_memory_bytes");
        for (Map.Entry<String, Class<?>> e : ResultColumns.metricTypes().entrySet()) {
            if (e.getValue() == String.class) {
                b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(e.getKey());
            } else {
                b.primitive(parquetType(e.getValue()), Repetition.REQUIRED).named(e.getKey());
            }
        }
        for (String key : configKeys) {
            b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(ResultColumns.configColumn(key));
        }
        return b.named("vmreplay_results");
    }

    public static MessageType passesSchema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("run_id");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("trace");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("preset");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("overrides");
        b.required(PrimitiveTypeName.INT32).named("pass");
        for (String c : List.of("start_ns", "duration_ns", "pages_sent", "bytes_sent", "dirty_pages_at_end",
                "trace_installs", "trace_fires", "guest_stall_vcpu_ns")) {
            b.required(PrimitiveTypeName.INT64).named(c);
        }
        b.required(PrimitiveTypeName.BOOLEAN).named("final");
        return b.named("vmreplay_passes");
    }

    private static PrimitiveTypeName parquetType(Class<?> type) {
        if (type == Long.class) {
            return PrimitiveTypeName.INT64;
        } else if (type == Integer.class) {
            return PrimitiveTypeName.INT32;
        } else if (type == Double.class) {
            return PrimitiveTypeName.DOUBLE;
        } else if (type == Boolean.class) {
            return PrimitiveTypeName.BOOLEAN;
        }
        throw new IllegalStateException("metric type " + type);
    }

    private static ParquetWriter<Group> open(Path file, MessageType schema) throws IOException {
        // Uncompressed: the tables are small, and no native codec is needed to read them anywhere.
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build();
    }

    private static void writeResultsParquet(Path file, MessageType schema, List<String> configKeys,
                                            List<RunRecord> records) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = open(file, schema)) {
            for (RunRecord r : records) {
                Group g = groups.newGroup();
                g.add("run_id", r.runId());
                g.add("trace", r.trace());
                if (r.ioTrace() != null) {
                    g.add("io_trace", r.ioTrace());
                }
                g.add("preset", r.preset());
                g.add("overrides", r.overrides());
                g.add("assumed_memory_bytes", r.assumedMemoryBytes());
                for (Map.Entry<String, Class<?>> e : ResultColumns.metricTypes().entrySet()) {
                    Object v = r.metrics().get(e.getKey());
                    if (v == null) {
                        throw new IllegalStateException("run " + r.runId() + " lacks metric " + e.getKey());
                    }
                    if (v instanceof Long l) {
                        g.add(e.getKey(), l);
                    } else if (v instanceof Integer i) {
                        g.add(e.getKey(), i);
                    } else if (v instanceof Double d) {
                        g.add(e.getKey(), d);
                    } else if (v instanceof String text) {
                        g.add(e.getKey(), text);
                    } else {
                        g.add(e.getKey(), (Boolean) v);
                    }
                }
                for (String key : configKeys) {
                    String v = r.effectiveConfig().get(key);
                    if (v != null) {
                        g.add(ResultColumns.configColumn(key), v);
                    }
                }
                w.write(g);
            }
        }
    }

    private static void writePassesParquet(Path file, List<RunRecord> records) throws IOException {
        MessageType schema = passesSchema();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = open(file, schema)) {
            for (RunRecord r : records) {
                for (PassStats p : r.passes()) {
                    Group g = groups.newGroup();
                    g.add("run_id", r.runId());
                    g.add("trace", r.trace());
                    g.add("preset", r.preset());
                    g.add("overrides", r.overrides());
                    g.add("pass", p.pass());
                    g.add("start_ns", p.startNanos());
                    g.add("duration_ns", p.durationNanos());
                    g.add("pages_sent", p.pagesSent());
                    g.add("bytes_sent", p.bytesSent());
                    g.add("dirty_pages_at_end", p.dirtyPagesAtEnd());
                    g.add("trace_installs", p.traceInstalls());
                    g.add("trace_fires", p.traceFires());
                    g.add("guest_stall_vcpu_ns", p.guestStallVcpuNanos());
                    g.add("final", p.finalStopAndCopy());
                    w.write(g);
                }
            }
        }
    }

    /** The CSV form of the results (RFC 4180, '\n' line ends, empty field for null). */
    public static String resultsCsv(List<String> configKeys, List<RunRecord> records) {
        StringBuilder sb = new StringBuilder();
        StringBuilder header = new StringBuilder();
        for (String c : ResultColumns.KEY_COLUMNS) {
            appendField(header, c);
        }
        for (String m : ResultColumns.metricTypes().keySet()) {
            appendField(header, m);
        }
        for (String k : configKeys) {
            appendField(header, ResultColumns.configColumn(k));
        }
        sb.append(header).append('\n');
        for (RunRecord r : records) {
            StringBuilder line = new StringBuilder();
            appendField(line, r.runId());
            appendField(line, r.trace());
            appendField(line, r.ioTrace() == null ? "" : r.ioTrace());
            appendField(line, r.preset());
            appendField(line, r.overrides());
            appendField(line, Long.toString(r.assumedMemoryBytes()));
            for (String m : ResultColumns.metricTypes().keySet()) {
                appendField(line, String.valueOf(r.metrics().get(m)));
            }
            for (String k : configKeys) {
                String v = r.effectiveConfig().get(k);
                appendField(line, v == null ? "" : v);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static void appendField(StringBuilder line, String value) {
        if (line.length() > 0) {
            line.append(',');
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            line.append(value);
        }
    }
}
