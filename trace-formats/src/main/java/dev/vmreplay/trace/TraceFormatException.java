package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * Bad input in a trace or manifest: names the file, and where known the row group, the row (0-based
 * over the whole file), the column and the rule broken. The CLI turns it into one line and exit 2.
 * Unknown parts are -1 / null and left out of the message.
 */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int rowGroup;
    private final long row;
    private final String column;
    private final String rule;

    public TraceFormatException(Path file, int rowGroup, long row, String column, String rule) {
        this(file, rowGroup, row, column, rule, null);
    }

    public TraceFormatException(Path file, int rowGroup, long row, String column, String rule, Throwable cause) {
        this(file, file == null ? null : file.toString(), rowGroup, row, column, rule, cause);
    }

    private TraceFormatException(Path file, String name, int rowGroup, long row, String column, String rule,
                                 Throwable cause) {
        super(format(name, rowGroup, row, column, rule), cause);
        this.file = file;
        this.rowGroup = rowGroup;
        this.row = row;
        this.column = column;
        this.rule = rule;
    }

    /** A whole-file problem (truncated, not Parquet, bad manifest). */
    public static TraceFormatException ofFile(Path file, String rule, Throwable cause) {
        return new TraceFormatException(file, -1, -1, null, rule, cause);
    }

    /**
     * The same problem reported against {@code name}: for a file read in another's place (a cached
     * Arrow copy of a trace, a local copy of a remote one), the user's message must name the trace
     * they gave, a path or a URI, not the copy. {@link #file()} stays the file actually read. When
     * the copy has another storage format its record batch is not the original's row group, so the
     * group is left out (the row, counted over the whole file, is the same in both).
     */
    public TraceFormatException reportedAs(String name) {
        int group = groupWord(file).equals(groupWord(name)) ? rowGroup : -1;
        TraceFormatException e = new TraceFormatException(file, name, group, row, column, rule, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    public Path file() {
        return file;
    }

    /** Row group index, or -1 when not applicable. */
    public int rowGroup() {
        return rowGroup;
    }

    /** Row index from the start of the file, or -1 when not applicable. */
    public long row() {
        return row;
    }

    /** Column name, or null when not applicable. */
    public String column() {
        return column;
    }

    public String rule() {
        return rule;
    }

    /**
     * What a file's row groups are called: an Arrow IPC file has record batches, and a user reading
     * "row group" about one looks for a Parquet file that is not there.
     */
    static String groupWord(Path file) {
        return groupWord(file == null || file.getFileName() == null ? null : file.getFileName().toString());
    }

    private static String groupWord(String fileName) {
        if (fileName != null) {
            String name = fileName.toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".arrow") || name.endsWith(".feather") || name.endsWith(".ipc")) {
                return "record batch";
            }
        }
        return "row group";
    }

    private static String format(String file, int rowGroup, long row, String column, String rule) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<memory>" : file);
        if (rowGroup >= 0) {
            sb.append(": ").append(groupWord(file)).append(' ').append(rowGroup);
        }
        if (row >= 0) {
            sb.append(rowGroup >= 0 ? ", row " : ": row ").append(row);
        }
        if (column != null) {
            sb.append(rowGroup >= 0 || row >= 0 ? ", column " : ": column ").append(column);
        }
        sb.append(": ").append(rule);
        return sb.toString();
    }
}
