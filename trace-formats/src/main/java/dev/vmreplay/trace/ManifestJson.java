package dev.vmreplay.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VM manifest as JSON (DESIGN.md section 2). Output is deterministic: fields in a fixed order,
 * provenance keys in insertion order. Reading is strict: unknown fields, wrong types and values the
 * manifest rejects fail with {@link TraceFormatException} naming the file and the field.
 *
 * <p>Provenance numbers come back as {@code Long} (integral) or {@code Double}.
 */
public final class ManifestJson {
    private static final Set<String> FIELDS = Set.of("memory_bytes", "vcpus", "large_pages", "zero_ranges",
            "io_queues", "io_queue_depth", "provenance");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ManifestJson() {
    }

    /** Compact JSON, as stored in file metadata. */
    public static String toJson(VmManifest manifest) {
        return write(manifest, false);
    }

    /** Indented JSON with a final newline, as written to sidecar files. */
    public static String toPrettyJson(VmManifest manifest) {
        return write(manifest, true) + "\n";
    }

    /** The sidecar path of a trace: {@code <trace>.vm.json}. */
    public static Path sidecarOf(Path trace) {
        return trace.resolveSibling(trace.getFileName() + VmManifest.SIDECAR_SUFFIX);
    }

    /** Reads the sidecar of {@code trace}, or null when there is none. */
    public static VmManifest readSidecar(Path trace) {
        Path sidecar = sidecarOf(trace);
        String json;
        try {
            json = Utf8Text.decode(Files.readAllBytes(sidecar),
                    bad -> TraceFormatException.ofFile(sidecar, "manifest sidecar: " + bad.describe(), null));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw TraceFormatException.ofFile(sidecar, "cannot read manifest sidecar: " + e.getMessage(), e);
        }
        return parse(json, sidecar, "manifest");
    }

    /** Writes {@code <trace>.vm.json} (through a temporary file and rename). */
    public static void writeSidecar(Path trace, VmManifest manifest) {
        try (AtomicOutput out = AtomicOutput.create(sidecarOf(trace))) {
            try {
                Files.writeString(out.temporary(), toPrettyJson(manifest), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.commit();
        }
    }

    /**
     * Parses a manifest document.
     *
     * @param file the file it came from (for messages)
     * @param where how to name the document in messages, e.g. "manifest" or "manifest in metadata vmreplay.vm"
     */
    public static VmManifest parse(String json, Path file, String where) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw TraceFormatException.ofFile(file, where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw TraceFormatException.ofFile(file, where + " must be a JSON object", null);
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw TraceFormatException.ofFile(file, where + ": unknown field '" + name
                        + "' (known: memory_bytes, vcpus, large_pages, zero_ranges, io_queues, io_queue_depth, provenance)", null);
            }
        }
        try {
            long memoryBytes = requiredLong(root, "memory_bytes", file, where);
            long vcpus = requiredLong(root, "vcpus", file, where);
            if (vcpus > Integer.MAX_VALUE) {
                throw field(file, where, "vcpus", "too large: " + vcpus);
            }
            List<LargePageRange> largePages = new ArrayList<>();
            JsonNode lp = optionalArray(root, "large_pages", file, where);
            for (int i = 0; lp != null && i < lp.size(); i++) {
                String name = "large_pages[" + i + "]";
                JsonNode e = objectAt(lp.get(i), name, file, where, Set.of("gpa", "bytes", "page_bytes"));
                largePages.add(new LargePageRange(requiredLong(e, "gpa", file, where, name),
                        requiredLong(e, "bytes", file, where, name), requiredLong(e, "page_bytes", file, where, name)));
            }
            List<ZeroRange> zeroRanges = new ArrayList<>();
            JsonNode zr = optionalArray(root, "zero_ranges", file, where);
            for (int i = 0; zr != null && i < zr.size(); i++) {
                String name = "zero_ranges[" + i + "]";
                JsonNode e = objectAt(zr.get(i), name, file, where, Set.of("gpa", "bytes"));
                zeroRanges.add(new ZeroRange(requiredLong(e, "gpa", file, where, name),
                        requiredLong(e, "bytes", file, where, name)));
            }
            long ioQueues = optionalLong(root, "io_queues", file, where);
            long ioQueueDepth = optionalLong(root, "io_queue_depth", file, where);
            if (ioQueues > Integer.MAX_VALUE || ioQueueDepth > Integer.MAX_VALUE) {
                throw field(file, where, ioQueues > Integer.MAX_VALUE ? "io_queues" : "io_queue_depth", "too large");
            }
            Map<String, Object> provenance = Map.of();
            JsonNode p = root.get("provenance");
            if (p != null && !p.isNull()) {
                if (!p.isObject()) {
                    throw field(file, where, "provenance", "must be a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) toJava(p);
                provenance = map;
            }
            return new VmManifest(memoryBytes, (int) vcpus, largePages, zeroRanges, (int) ioQueues, (int) ioQueueDepth,
                    provenance, false);
        } catch (IllegalArgumentException e) {
            // The manifest's own checks name the field (e.g. "vcpus must be >= 1, was 0").
            throw TraceFormatException.ofFile(file, where + ": " + e.getMessage(), e);
        }
    }

    private static TraceFormatException field(Path file, String where, String field, String rule) {
        return TraceFormatException.ofFile(file, where + ": field " + field + " " + rule, null);
    }

    private static long requiredLong(JsonNode node, String name, Path file, String where) {
        return requiredLong(node, name, file, where, null);
    }

    private static long requiredLong(JsonNode node, String name, Path file, String where, String parent) {
        String full = parent == null ? name : parent + "." + name;
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw field(file, where, full, "is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw field(file, where, full, "must be an integer, was " + v);
        }
        return v.longValue();
    }

    private static long optionalLong(JsonNode node, String name, Path file, String where) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return 0;
        }
        return requiredLong(node, name, file, where);
    }

    private static JsonNode optionalArray(JsonNode node, String name, Path file, String where) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw field(file, where, name, "must be a JSON array, was " + v.getNodeType());
        }
        return v;
    }

    private static JsonNode objectAt(JsonNode v, String name, Path file, String where, Set<String> allowed) {
        if (!v.isObject()) {
            throw field(file, where, name, "must be a JSON object, was " + v);
        }
        Iterator<String> names = v.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw field(file, where, name, "has unknown field '" + n + "'");
            }
        }
        return v;
    }

    private static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            n.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(e -> list.add(toJava(e)));
            return list;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        return n.asText();
    }

    private static String write(VmManifest m, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            g.writeStartObject();
            g.writeNumberField("memory_bytes", m.memoryBytes());
            g.writeNumberField("vcpus", m.vcpus());
            g.writeArrayFieldStart("large_pages");
            for (LargePageRange r : m.largePages()) {
                g.writeStartObject();
                g.writeNumberField("gpa", r.gpa());
                g.writeNumberField("bytes", r.bytes());
                g.writeNumberField("page_bytes", r.pageBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("zero_ranges");
            for (ZeroRange r : m.zeroRanges()) {
                g.writeStartObject();
                g.writeNumberField("gpa", r.gpa());
                g.writeNumberField("bytes", r.bytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("io_queues", m.ioQueues());
            g.writeNumberField("io_queue_depth", m.ioQueueDepth());
            g.writeFieldName("provenance");
            writeValue(g, m.provenance(), "provenance");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object v, String path) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue(), path + "." + e.getKey());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (int i = 0; i < list.size(); i++) {
                writeValue(g, list.get(i), path + "[" + i + "]");
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof java.math.BigDecimal b) {
            g.writeNumber(b);
        } else {
            throw new IllegalArgumentException(path + ": provenance values must be String, Number, Boolean, List or Map, was "
                    + v.getClass().getName());
        }
    }
}
