package dev.vmreplay.datasets.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provenance block every importer starts from: what was imported, from which files. */
final class Provenance {
    private Provenance() {
    }

    static Map<String, Object> of(String importer, List<Path> inputs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "imported");
        p.put("importer", importer);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path in : inputs) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", String.valueOf(in.getFileName()));
            try {
                f.put("bytes", Files.size(in));
            } catch (IOException e) {
                f.put("bytes", -1L);
            }
            files.add(f);
        }
        p.put("inputs", files);
        p.put("tool", "vmreplay import");
        return p;
    }

    static void requireInputs(String importer, List<Path> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("import " + importer + ": give at least one INPUT file");
        }
    }
}
