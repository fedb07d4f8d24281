package dev.vmreplay.analysis.plan;

import dev.vmreplay.analysis.InputFileException;
import java.nio.file.Path;

/**
 * A fleet description that cannot be planned, with the file, line and column of the offending
 * field (for a Parquet fleet: the row and the column's position). The CLI exits 2 with it.
 */
public final class FleetFileException extends InputFileException {
    private static final long serialVersionUID = 1L;

    public FleetFileException(Path file, int line, int column, String rule) {
        this(file, line, column, rule, null);
    }

    public FleetFileException(Path file, int line, int column, String rule, Throwable cause) {
        super(file, line, column, rule, cause);
    }
}
