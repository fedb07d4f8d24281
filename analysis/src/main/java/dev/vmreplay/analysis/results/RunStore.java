package dev.vmreplay.analysis.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmreplay.engine.PassStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The finished runs of a sweep, one small JSON file per run in {@code DIR/runs/<run_id>.json},
 * each written atomically as soon as its run ends. A sweep stopped at any point (crash, Ctrl-C)
 * keeps every run that finished; a re-run reads them back instead of running them again.
 */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** 2: metrics gained outcome, outcome_ns, downtime_limit_final_ns, throttle_max. */
    private static final int FORMAT_VERSION = 2;

    private final Path runsDir;

    public RunStore(Path sweepDir) {
        this.runsDir = sweepDir.resolve("runs");
    }

    public Path runsDir() {
        return runsDir;
    }

    public Path fileOf(String runId) {
        return runsDir.resolve(runId + ".json");
    }

    public void save(RunRecord record) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(toJson(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode run " + record.runId(), e);
        }
        AtomicFiles.writeBytes(fileOf(record.runId()), bytes);
    }

    /** A record as the JSON {@link #save} writes, for carrying it between machines (module spark). */
    public static byte[] encode(RunRecord record) {
        try {
            return JSON.writeValueAsBytes(toJson(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode run " + record.runId(), e);
        }
    }

    /** The record {@link #encode} wrote. */
    public static RunRecord decode(byte[] json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a run record: " + e.getMessage(), e);
        }
    }

    /**
     * The stored record of a run, if there is one. A file that cannot be read (a stranger's file,
     * an older format) is reported, not skipped: the sweep directory is ours and must stay coherent.
     */
    public Optional<RunRecord> load(String runId) {
        Path file = fileOf(runId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root != null && root.path("format").isInt() && root.path("format").asInt() < FORMAT_VERSION) {
                return Optional.empty(); // made by an older vmreplay whose engine differs: run it again
            }
            return Optional.of(fromJson(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run record " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("run record " + file + " is damaged (" + e.getMessage()
                    + "); delete it to run that configuration again", e);
        }
    }

    static ObjectNode toJson(RunRecord r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("run_id", r.runId());
        root.put("trace", r.trace());
        if (r.ioTrace() == null) {
            root.putNull("io_trace");
        } else {
            root.put("io_trace", r.ioTrace());
        }
        root.put("preset", r.preset());
        root.put("overrides", r.overrides());
        root.put("assumed_memory_bytes", r.assumedMemoryBytes());
        root.put("input_fingerprint", r.inputFingerprint());
        ObjectNode metrics = root.putObject("metrics");
        for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Long l) {
                metrics.put(e.getKey(), l);
            } else if (v instanceof Integer i) {
                metrics.put(e.getKey(), i);
            } else if (v instanceof Double d) {
                metrics.put(e.getKey(), d);
            } else if (v instanceof Boolean b) {
                metrics.put(e.getKey(), b);
            } else if (v instanceof String text) {
                metrics.put(e.getKey(), text);
            } else {
                throw new IllegalStateException("metric " + e.getKey() + " has unsupported type " + v.getClass());
            }
        }
        ArrayNode passes = root.putArray("passes");
        for (PassStats p : r.passes()) {
            ObjectNode n = passes.addObject();
            n.put("pass", p.pass());
            n.put("start_ns", p.startNanos());
            n.put("duration_ns", p.durationNanos());
            n.put("pages_sent", p.pagesSent());
            n.put("bytes_sent", p.bytesSent());
            n.put("dirty_pages_at_end", p.dirtyPagesAtEnd());
            n.put("trace_installs", p.traceInstalls());
            n.put("trace_fires", p.traceFires());
            n.put("guest_stall_vcpu_ns", p.guestStallVcpuNanos());
            n.put("final", p.finalStopAndCopy());
        }
        ObjectNode config = root.putObject("config");
        r.effectiveConfig().forEach(config::put);
        return root;
    }

    static RunRecord fromJson(JsonNode root) {
        int format = required(root, "format").asInt();
        if (format != FORMAT_VERSION) {
            throw new IllegalArgumentException("format " + format + ", expected " + FORMAT_VERSION);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        JsonNode m = required(root, "metrics");
        for (Map.Entry<String, Class<?>> e : ResultColumns.metricTypes().entrySet()) {
            JsonNode v = required(m, e.getKey());
            Class<?> type = e.getValue();
            if (type == Long.class) {
                metrics.put(e.getKey(), v.asLong());
            } else if (type == Integer.class) {
                metrics.put(e.getKey(), v.asInt());
            } else if (type == Double.class) {
                metrics.put(e.getKey(), v.asDouble());
            } else if (type == Boolean.class) {
                metrics.put(e.getKey(), v.asBoolean());
            } else if (type == String.class) {
                metrics.put(e.getKey(), v.asText());
            } else {
                throw new IllegalStateException("metric type " + type);
            }
        }
        List<PassStats> passes = new ArrayList<>();
        for (JsonNode p : required(root, "passes")) {
            passes.add(new PassStats(required(p, "pass").asInt(), required(p, "start_ns").asLong(),
                    required(p, "duration_ns").asLong(), required(p, "pages_sent").asLong(),
                    required(p, "bytes_sent").asLong(), required(p, "dirty_pages_at_end").asLong(),
                    required(p, "trace_installs").asLong(), required(p, "trace_fires").asLong(),
                    required(p, "guest_stall_vcpu_ns").asLong(), required(p, "final").asBoolean()));
        }
        Map<String, String> config = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = required(root, "config").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            config.put(e.getKey(), e.getValue().asText());
        }
        JsonNode io = required(root, "io_trace");
        return new RunRecord(required(root, "run_id").asText(), required(root, "trace").asText(),
                io.isNull() ? null : io.asText(), required(root, "preset").asText(),
                required(root, "overrides").asText(), required(root, "assumed_memory_bytes").asLong(),
                required(root, "input_fingerprint").asText(), metrics, passes, config);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }
}
