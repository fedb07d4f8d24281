package dev.vmreplay.datasets.importer;

import dev.vmreplay.datasets.output.TraceOutputs;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fio iologs ({@code --write_iolog}), versions 2 and 3; one queue per input (a fio job), inputs
 * merged by time. Times are kept as recorded (microseconds from the job start). With
 * {@code --lat-log} (one per input) each request gets its completion latency as {@code service_ns};
 * without, {@code service_ns} is 0 and the provenance says so.
 */
final class FioIologImporter implements Importer {
    @Override
    public String name() {
        return "fio-iolog";
    }

    @Override
    public String description() {
        return "fio --write_iolog, version 2 (wait actions) or 3 (time_us per line); one queue per input; "
                + "--lat-log FILE (fio --write_lat_log with log_offset=1) pairs requests by order and offset for service_ns";
    }

    @Override
    public boolean writesIo() {
        return true;
    }

    @Override
    public ImportResult run(List<Path> inputs, ImportOptions options, TraceOutputs outputs, Path out) {
        Provenance.requireInputs(name(), inputs);
        List<Path> latencyLogs = options.latencyLogs();
        if (!latencyLogs.isEmpty() && latencyLogs.size() != inputs.size()) {
            throw new IllegalArgumentException("--lat-log: give one latency log per iolog input (" + inputs.size()
                    + " inputs, " + latencyLogs.size() + " latency logs)");
        }
        boolean serviceKnown = !latencyLogs.isEmpty();
        List<IoRequestReader> first = open(inputs, latencyLogs);
        IoImport.Survey survey = IoImport.survey(() -> first, inputs.size(), serviceKnown, options, false);
        Map<String, Object> provenance = Provenance.of(name(), inputs);
        IoImport.putCounts(provenance, survey, options);
        long fileActions = 0;
        long waits = 0;
        long trims = 0;
        List<Object> versions = new ArrayList<>();
        for (IoRequestReader r : first) {
            FioIologReader fio = (FioIologReader) r;
            fileActions += fio.fileActions;
            waits += fio.waits;
            trims += fio.trims;
            versions.add(fio.version());
        }
        provenance.put("iolog_versions", versions);
        provenance.put("file_actions_skipped", fileActions);
        provenance.put("wait_actions", waits);
        provenance.put("trims_imported_as_writes", trims);
        provenance.put("queues", "one per input iolog, in input order");
        provenance.put("time", "as recorded: microseconds from the start of the fio job (version 2: sum of wait actions)");
        provenance.put("service_ns", serviceKnown
                ? "completion latency (clat) from the fio latency log, paired by direction and offset; flushes 0"
                : "0: no --lat-log given, service times unknown");
        if (serviceKnown) {
            List<String> names = new ArrayList<>();
            for (Path p : latencyLogs) {
                names.add(String.valueOf(p.getFileName()));
            }
            provenance.put("latency_logs", names);
        }
        int depth = IoImport.queueDepth(options, survey, serviceKnown, provenance);
        long memory = IoImport.memoryBytes(options, provenance);
        VmManifest manifest = new VmManifest(memory, options.vcpus(), List.of(), List.of(), inputs.size(), depth,
                provenance, false);
        long rows = IoImport.write(inputs, () -> open(inputs, latencyLogs), 0, outputs, out, manifest, options);
        return new ImportResult(manifest, rows);
    }

    private static List<IoRequestReader> open(List<Path> inputs, List<Path> latencyLogs) {
        List<IoRequestReader> readers = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            readers.add(new FioIologReader(inputs.get(i), latencyLogs.isEmpty() ? null : latencyLogs.get(i), i));
        }
        return readers;
    }
}
