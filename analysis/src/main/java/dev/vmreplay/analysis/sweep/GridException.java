package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.InputFileException;
import java.nio.file.Path;

/** A grid file that cannot be run, with the file, line and column of the offending entry. */
public final class GridException extends InputFileException {
    private static final long serialVersionUID = 1L;

    public GridException(Path file, int line, int column, String rule) {
        this(file, line, column, rule, null);
    }

    public GridException(Path file, int line, int column, String rule, Throwable cause) {
        super(file, line, column, rule, cause);
    }
}
