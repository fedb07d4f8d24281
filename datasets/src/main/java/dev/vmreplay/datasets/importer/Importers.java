package dev.vmreplay.datasets.importer;

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
}
