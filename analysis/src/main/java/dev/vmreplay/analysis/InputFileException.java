package dev.vmreplay.analysis;

import java.nio.file.Path;

/**
 * An input file of ours (a sweep grid, a fleet description) that cannot be used, with the file, line and
 * column of the offending entry in its message ({@code FILE:LINE:COLUMN: rule}); the CLI exits 2 with it.
 */
public class InputFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final int column;

    protected InputFileException(Path file, int line, int column, String rule, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + rule, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line (a Parquet file: the row), 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }

    /** 1-based column (a Parquet file: the column's position in the schema). */
    public int column() {
        return column;
    }
}
