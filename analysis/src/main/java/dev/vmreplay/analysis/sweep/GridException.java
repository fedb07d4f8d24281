package dev.vmreplay.analysis.sweep;

import java.nio.file.Path;

/** A grid file that cannot be run, with the file, line and column of the offending entry. */
public final class GridException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final int column;

    public GridException(Path file, int line, int column, String rule) {
        this(file, line, column, rule, null);
    }

    public GridException(Path file, int line, int column, String rule, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + rule, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }
}
