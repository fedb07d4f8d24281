package dev.vmreplay.analysis.plan;

import java.nio.file.Path;

/**
 * A fleet description that cannot be planned, with the file, line and column of the offending
 * field (for a Parquet fleet: the row and the column's position). The CLI exits 2 with it.
 */
public final class FleetFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final int column;

    public FleetFileException(Path file, int line, int column, String rule) {
        this(file, line, column, rule, null);
    }

    public FleetFileException(Path file, int line, int column, String rule, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + rule, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line (Parquet: row), 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }

    /** 1-based column (Parquet: the column's position in the schema). */
    public int column() {
        return column;
    }
}
