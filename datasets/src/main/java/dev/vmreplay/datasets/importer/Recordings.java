package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Converts what {@code vmreplay record} captured (a dirty-epochs CSV plus facts) into a trace. */
public final class Recordings {
    private Recordings() {
    }

    /**
     * @param epochsCsv the recorder's {@code t_ns,vpn} file
     * @param hugeRanges process huge-page ranges as {start page, pages}
     * @param recorderFacts mechanism, epoch, command and counters, stored under provenance "recorder"
     */
    public static ImportResult convert(Path epochsCsv, ImportOptions options, List<long[]> hugeRanges,
                                       Map<String, Object> recorderFacts, TraceOutputs outputs, Path out) {
        return new DirtyEpochsImporter().run(List.of(epochsCsv), options, outputs, out, hugeRanges, recorderFacts);
    }
}
