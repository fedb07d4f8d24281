package dev.vmreplay.cli;

import dev.vmreplay.analysis.demo.DemoFleet;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.datasets.Catalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The demo's guests are the bundled catalogue of module {@code datasets}: every memory trace in it
 * (with its IO trace when it has one). IO-only entries have no guest memory to migrate and are left out.
 */
final class CatalogueDemoFleet implements DemoFleet {

    @Override
    public String description() {
        List<String> names = new ArrayList<>();
        for (Catalogue.Entry e : memoryEntries()) {
            names.add(e.name());
        }
        return names.size() + " bundled guests (" + String.join(", ", names) + ")";
    }

    @Override
    public List<RunSpec> prepare(Path dir) {
        List<RunSpec> out = new ArrayList<>();
        for (Catalogue.Entry e : memoryEntries()) {
            List<Path> files = Catalogue.extract(e.name(), dir);
            Path io = files.size() > 1 ? files.get(1) : null;
            out.add(new RunSpec(files.get(0), io, e.file(), e.ioFile(), "qemu-precopy", Map.of(), 0));
        }
        out.sort(Comparator.comparing(RunSpec::traceName));
        return out;
    }

    private static List<Catalogue.Entry> memoryEntries() {
        List<Catalogue.Entry> out = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.entries()) {
            if (e.kind().equals("memory")) {
                out.add(e);
            }
        }
        return out;
    }
}
