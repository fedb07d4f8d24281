package dev.vmreplay.cli;

import dev.vmreplay.analysis.demo.DemoFleet;
import dev.vmreplay.analysis.demo.DemoRunner;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.datasets.Catalogue;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The demo's guests are the bundled catalogue of module {@code datasets}: every memory trace in it
 * (with its IO trace when it has one) whose recording reaches the demo's migration start. IO-only
 * entries have no guest memory to migrate; a recording that ends before the migration starts (the
 * 2 ms program-order sqlite3 trace) would be replayed hundreds of times over before anything
 * happened. Both are left out, and {@link #description} names them.
 */
final class CatalogueDemoFleet implements DemoFleet {
    private final List<String> leftOut = new ArrayList<>();

    @Override
    public String description() {
        List<String> names = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.entries()) {
            if (e.kind().equals("memory")) {
                names.add(e.name());
            }
        }
        names.removeAll(leftOut);
        return names.size() + " bundled guests (" + String.join(", ", names) + ")"
                + (leftOut.isEmpty() ? "" : "; left out, recording shorter than the migration start: "
                        + String.join(", ", leftOut));
    }

    @Override
    public List<RunSpec> prepare(Path dir) {
        leftOut.clear();
        List<RunSpec> out = new ArrayList<>();
        for (Catalogue.Entry e : Catalogue.entries()) {
            List<Path> files = Catalogue.extract(e.name(), dir); // all of it, for replays of the user's own
            if (!e.kind().equals("memory")) {
                continue;
            }
            if (lastEventNanos(files.get(0)) < DemoRunner.MIGRATION_START_NANOS) {
                leftOut.add(e.name());
                continue;
            }
            Path io = files.size() > 1 ? files.get(1) : null;
            out.add(new RunSpec(files.get(0), io, e.file(), e.ioFile(), "qemu-precopy", Map.of(), 0));
        }
        out.sort(Comparator.comparing(RunSpec::traceName));
        return out;
    }

    private static long lastEventNanos(Path trace) {
        long last = -1;
        try (MemoryTraceReader r = Traces.openMemory(trace)) {
            MemoryBatch b = new MemoryBatch();
            while (r.next(b)) {
                if (b.size > 0) {
                    last = b.timeNanos[b.size - 1];
                }
            }
        }
        return last;
    }
}
