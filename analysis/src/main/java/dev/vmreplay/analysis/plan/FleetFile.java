package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.units.Quantity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a fleet description for {@code vmreplay plan --fleet}: a CSV file (comma separated, a
 * header row, fields may be double-quoted, blank lines and lines starting with {@code #} skipped)
 * or a Parquet file with the same columns, one row per VM or class of similar VMs:
 *
 * <pre>
 * vm,trace,io_trace,memory,source_host,count
 * db-1,traces/database-8g.parquet,traces/database-8g.io.parquet,8GiB,host-a,1
 * web,traces/hot-cold-4g.parquet,,,host-b,40
 * </pre>
 *
 * {@code vm}, {@code trace} and {@code source_host} are required; {@code io_trace} and
 * {@code memory} may be empty; {@code count} defaults to 1. Paths are relative to the fleet file.
 * {@code memory} is the guest memory to assume for a trace without a manifest (as {@code --memory});
 * a trace with a manifest keeps the manifest's size and the column is informational. Every problem -
 * unknown or missing column, bad value, duplicate {@code vm}, a trace that does not open - is a
 * {@link FleetFileException} naming the file, line and column (for Parquet, the row and column).
 */
public final class FleetFile {
    static final List<String> COLUMNS = List.of("vm", "trace", "io_trace", "memory", "source_host", "count");
    static final Set<String> REQUIRED = Set.of("vm", "trace", "source_host");

    /**
     * The fleet read from a file.
     *
     * @param runs one run template per row (trace, IO trace, memory)
     * @param placements one per row: name, source host, count
     */
    public record Fleet(List<RunSpec> runs, List<Evacuation.Placement> placements) {
        public Fleet {
            runs = List.copyOf(runs);
            placements = List.copyOf(placements);
        }
    }

    /** One row as text, with where each field starts (1-based line and column; for Parquet, row and column index). */
    record Row(int line, Map<String, String> values, Map<String, Integer> columns) {
    }

    private final ReplayBackend backend;

    public FleetFile(ReplayBackend backend) {
        this.backend = backend;
    }

    public Fleet read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FleetFileException(file, 0, 0, "fleet file not found");
        }
        List<Row> rows = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")
                ? FleetParquet.rows(file) : csvRows(file);
        return fleet(file, rows);
    }

    /** Parses CSV text; relative paths resolve against {@code file}'s directory. */
    public Fleet readCsv(Path file, String text) {
        return fleet(file, csvRows(file, text));
    }

    private static List<Row> csvRows(Path file) {
        String text;
        try {
            text = dev.vmreplay.trace.Utf8Text.decode(Files.readAllBytes(file), bad -> new FleetFileException(file,
                    (int) bad.line(), (int) bad.column(), "byte 0x" + String.format("%02X", bad.value())
                            + " is not UTF-8 (save the fleet file as UTF-8)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
        return csvRows(file, text);
    }

    static List<Row> csvRows(Path file, String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            split(file, lineNo, line, fields, starts);
            if (header == null) {
                for (int c = 0; c < fields.size(); c++) {
                    String name = fields.get(c).trim();
                    if (!COLUMNS.contains(name)) {
                        throw new FleetFileException(file, lineNo, starts.get(c), "unknown column '" + name
                                + "' (columns: " + String.join(", ", COLUMNS) + ")");
                    }
                    if (fields.subList(0, c).stream().map(String::trim).anyMatch(name::equals)) {
                        throw new FleetFileException(file, lineNo, starts.get(c), "column '" + name + "' appears twice");
                    }
                }
                for (String required : COLUMNS) {
                    if (REQUIRED.contains(required) && fields.stream().map(String::trim).noneMatch(required::equals)) {
                        throw new FleetFileException(file, lineNo, 1, "missing column '" + required + "' (required: vm, "
                                + "trace, source_host)");
                    }
                }
                header = fields.stream().map(String::trim).toList();
                continue;
            }
            if (fields.size() != header.size()) {
                int column = fields.size() > header.size() ? starts.get(header.size()) : line.length() + 1;
                throw new FleetFileException(file, lineNo, column, fields.size() + " field(s), the header has "
                        + header.size());
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, Integer> columns = new HashMap<>();
            for (int c = 0; c < fields.size(); c++) {
                values.put(header.get(c), fields.get(c).trim());
                columns.put(header.get(c), starts.get(c));
            }
            rows.add(new Row(lineNo, values, columns));
        }
        if (header == null) {
            throw new FleetFileException(file, 0, 0, "empty fleet file (expected a header: "
                    + String.join(",", COLUMNS) + ")");
        }
        return rows;
    }

    /** Splits one CSV line into fields (RFC 4180 quoting within a line) and their 1-based start columns. */
    private static void split(Path file, int lineNo, String line, List<String> fields, List<Integer> starts) {
        int i = 0;
        while (true) {
            starts.add(i + 1);
            StringBuilder field = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                int open = i;
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new FleetFileException(file, lineNo, open + 1, "unterminated quoted field");
                    }
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(ch);
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new FleetFileException(file, lineNo, i + 1, "text after a closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return;
            }
            i++; // the comma
        }
    }

    private Fleet fleet(Path file, List<Row> rows) {
        if (rows.isEmpty()) {
            throw new FleetFileException(file, 0, 0, "the fleet has no rows");
        }
        Path base = file.toAbsolutePath().getParent();
        List<RunSpec> runs = new ArrayList<>();
        List<Evacuation.Placement> placements = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> checked = new HashSet<>();
        for (Row row : rows) {
            String vm = required(file, row, "vm");
            if (!names.add(vm)) {
                throw error(file, row, "vm", "vm '" + vm + "' is listed twice");
            }
            TraceLocation trace = location(file, row, base, "trace");
            TraceLocation io = row.values().getOrDefault("io_trace", "").isEmpty() ? null
                    : location(file, row, base, "io_trace");
            long memoryBytes = 0;
            String memory = row.values().getOrDefault("memory", "");
            if (!memory.isEmpty()) {
                try {
                    memoryBytes = Quantity.parseBytes("memory", memory);
                } catch (IllegalArgumentException e) {
                    throw error(file, row, "memory", e.getMessage(), e);
                }
                if (memoryBytes <= 0) {
                    throw error(file, row, "memory", "memory must be > 0, was " + memory);
                }
            }
            String host = required(file, row, "source_host");
            int count = 1;
            String countText = row.values().getOrDefault("count", "");
            if (!countText.isEmpty()) {
                try {
                    count = Integer.parseInt(countText);
                } catch (NumberFormatException e) {
                    throw error(file, row, "count", "count must be a whole number >= 1, was '" + countText + "'");
                }
                if (count < 1) {
                    throw error(file, row, "count", "count must be >= 1, was " + count);
                }
            }
            if (checked.add(trace + "\u0000" + io + "\u0000" + memoryBytes)) {
                try {
                    backend.checkTraces(trace, io, memoryBytes);
                } catch (RuntimeException ex) {
                    String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                    if (why.startsWith(trace + ": ")) {
                        why = why.substring(trace.toString().length() + 2); // the trace is named once
                    }
                    throw error(file, row, "trace", "cannot use trace " + trace + ": " + why, ex);
                }
            }
            String label = trace.label(base);
            runs.add(new RunSpec(trace, io, label, io == null ? null : io.label(base), "plan", Map.of(),
                    memoryBytes));
            placements.add(new Evacuation.Placement(vm, host, count));
        }
        return new Fleet(runs, placements);
    }

    private static String required(Path file, Row row, String column) {
        String value = row.values().getOrDefault(column, "");
        if (value.isEmpty()) {
            throw error(file, row, column, column + " is empty (required)");
        }
        return value;
    }

    /** A path relative to the fleet file, or a URI (checked when the trace is read). */
    private static TraceLocation location(Path file, Row row, Path base, String column) {
        TraceLocation location;
        try {
            location = TraceLocation.parse(required(file, row, column), base);
        } catch (IllegalArgumentException e) {
            throw error(file, row, column, e.getMessage(), e);
        }
        if (!location.isRemote() && !Files.isRegularFile(location.localPath())) {
            throw error(file, row, column, "no such file " + location);
        }
        return location;
    }

    private static FleetFileException error(Path file, Row row, String column, String rule) {
        return error(file, row, column, rule, null);
    }

    private static FleetFileException error(Path file, Row row, String column, String rule, Throwable cause) {
        return new FleetFileException(file, row.line(), row.columns().getOrDefault(column, 1), rule, cause);
    }
}
