package dev.vmreplay.datasets.importer;

import dev.vmreplay.trace.TraceFormatException;
import java.nio.file.Path;
import java.util.List;

/** The registry of importers: one class and one line here per format. */
public final class Importers {
    private static final List<Importer> ALL = List.of(
            new DirtyEpochsImporter(),
            new LackeyImporter(),
            new FioIologImporter(),
            new MsrCambridgeImporter(),
            new BlkparseImporter());

    private Importers() {
    }

    public static List<Importer> all() {
        return ALL;
    }

    public static Importer byName(String name) {
        for (Importer i : ALL) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Importer i : ALL) {
            known.append(known.length() == 0 ? "" : ", ").append(i.name());
        }
        throw new IllegalArgumentException("unknown import format '" + name + "'; known: " + known);
    }

    /**
     * Refuses to commit an import without rows: an empty or header-only input is bad input, not an
     * idle guest. Called before the writer commits, so nothing is written.
     */
    static void requireRows(List<Path> inputs, long rows, ImportOptions options) {
        if (rows > 0) {
            return;
        }
        String what = options.untilNanos() > 0
                ? "no rows before --until " + dev.vmreplay.units.Quantity.formatDurationNanos(options.untilNanos())
                : "no rows: the input is empty or has only a header";
        String others = inputs.size() > 1 ? " (nor in the " + (inputs.size() - 1) + " other inputs)" : "";
        throw TraceFormatException.ofFile(inputs.get(0), what + others + "; nothing to import", null);
    }
}
