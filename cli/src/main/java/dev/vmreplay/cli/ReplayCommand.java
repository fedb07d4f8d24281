package dev.vmreplay.cli;

import dev.vmreplay.analysis.cache.TraceCache;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.results.AtomicFiles;
import dev.vmreplay.analysis.results.ResultColumns;
import dev.vmreplay.analysis.results.ResultsWriter;
import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.IneffectiveSettings;
import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.PassStats;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.units.Human;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code vmreplay replay TRACE}: runs a live migration inside the replay of a recorded guest, once per
 * preset, and prints one result per preset (DESIGN.md section 6).
 */
@Command(
        name = "replay",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Replay a memory trace (and optionally an IO trace) with a live migration running inside it,"
                    + " once per preset, and print downtime, total time, bytes and the other metrics per preset.",
            "Configuration keys and their defaults: vmreplay presets --keys."
        })
final class ReplayCommand implements Callable<Integer> {

    /** Output formats of this command. */
    enum Format {
        TABLE, JSON, CSV;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String text) {
            for (Format f : Format.values()) {
                if (f.toString().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw new TypeConversionException("expected one of table, json, csv, was '" + text + "'");
        }
    }

    public static final String PASSES_CSV = "passes.csv";

    @Parameters(index = "0", paramLabel = "TRACE", description = "Memory access trace (Parquet or Arrow IPC).")
    private Path trace;

    @Option(names = "--io", paramLabel = "IO_TRACE", description = "IO trace to replay through the SR-IOV VF.")
    private Path ioTrace;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Preset to run; repeat for several (default: every preset, see vmreplay presets).")
    private List<String> presets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a configuration key in every preset, for example --set link.bandwidth=25Gbit/s.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Guest memory to assume for a trace without a manifest, for example 8GiB.")
    private Long assumedMemoryBytes;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
    private Format format = Format.TABLE;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write results.csv and passes.csv into DIR (created if missing; files replaced atomically).")
    private Path outDir;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<String> names = presets.isEmpty() ? Presets.names() : presets;
        SettingKeys.requireKnown(overrides, Presets.config(Presets.names().get(0), Map.of()).effectiveSettings().keySet());
        // Validate every configuration before the first (possibly long) run.
        Map<String, MigrationConfig> configs = new LinkedHashMap<>();
        for (String name : names) {
            configs.put(name, Presets.config(name, overrides));
        }
        long assumed = assumedMemoryBytes == null ? 0 : assumedMemoryBytes;
        if (assumed < 0) {
            throw new IllegalArgumentException("--memory must be >= 0, was " + assumed);
        }
        ReadOptions options = ReadOptions.defaults().withAssumedMemoryBytes(assumed);
        // Every preset replays the trace (a looped one reopens it for every copy): read it through the
        // trace cache, so its Parquet is decoded once. The leases keep the copies while the runs reopen them.
        TraceCache cache = TraceCache.fromEnvironment();
        List<RunResult> results;
        try (TraceCache.Lease memory = cache.acquire(TraceLocation.of(trace));
             TraceCache.Lease io = ioTrace == null ? null : cache.acquire(TraceLocation.of(ioTrace))) {
            try {
                try (MemoryTraceReader reader = Traces.openMemory(memory.file(), options)) {
                    Traces.requireRows(trace, reader.rowCount());
                }
                results = replayAll(configs, memory, io, options);
            } catch (RuntimeException e) {
                // reported against the file the user named, never the cache's copy
                throw TraceCache.explain(e, memory, io);
            }
        }
        List<RunRecord> records = records(results);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case JSON:
                printJson(out, results);
                break;
            case CSV:
                out.print(ResultsWriter.resultsCsv(ResultColumns.configKeys(records), records));
                out.flush();
                break;
            default:
                printTable(out, results);
        }
        if (outDir != null) {
            writeOut(records);
        }
        return ExitCodes.OK;
    }

    /** Replays the trace (read from {@code memory}, and {@code io} or null) under each configuration, in order. */
    private List<RunResult> replayAll(Map<String, MigrationConfig> configs, TraceCache.Lease memory, TraceCache.Lease io,
                                      ReadOptions options) {
        List<RunResult> results = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, MigrationConfig> e : configs.entrySet()) {
            i++;
            long rowCount;
            try (MemoryTraceReader reader = Traces.openMemory(memory.file(), options)) {
                rowCount = reader.rowCount();
            }
            Progress progress = Progress.start(spec.commandLine().getErr(),
                    "replay " + e.getKey() + " (" + i + "/" + configs.size() + ")", rowCount);
            // The engine opens the traces itself: again for every copy when trace.end=loop.
            RunResult r = ReplayEngine.run(() -> new Counting(Traces.openMemory(memory.file(), options), progress),
                    io == null ? null : () -> Traces.openIo(io.file(), options), e.getValue(), e.getKey());
            progress.finish();
            // named after the file the user gave, not the cache's copy the engine read
            r = new RunResult(r.preset(), trace.getFileName().toString(), r.metrics(), r.passes(), r.effectiveConfig());
            results.add(r);
            warnIfTraceEndsEarly(r);
            if (r.metrics().outcome().equals("timed-out")) {
                spec.commandLine().getErr().println("note: " + e.getKey() + ": pre-copy was still iterating when the "
                        + "replay's bound migration.timeout=" + r.effectiveConfig().get("migration.timeout") + " ended it at "
                        + Human.nanos(r.metrics().outcomeNanos()) + " after the start (QEMU would iterate on); raise "
                        + "migration.timeout to replay longer, or ask vmreplay converge what makes it complete");
            }
            // after the run: a run that fails on bad input prints its one error line and nothing else
            for (String note : IneffectiveSettings.notes(e.getValue(), ioTrace != null)) {
                spec.commandLine().getErr().println("note: " + e.getKey() + ": " + note);
            }
            spec.commandLine().getErr().flush();
        }
        return results;
    }

    /** Tells the user on stderr when the guest went idle before the end of the run (trace_covers_window false). */
    private void warnIfTraceEndsEarly(RunResult r) {
        Metrics m = r.metrics();
        if (m.traceCoversWindow()) {
            return;
        }
        String end = r.effectiveConfig().get("trace.end");
        spec.commandLine().getErr().println("note: " + r.preset() + ": the trace ends at "
                + Human.nanos(m.traceEndNanos()) + ", before the end of the run (migration and post-resume window); "
                + "the guest was idle after it" + ("loop".equals(end) ? "" : " - --set trace.end=loop replays it again and again"));
        spec.commandLine().getErr().flush();
    }

    /** Reports rows read to the progress line; the replay stops reading at the end of its window. */
    private static final class Counting implements MemoryTraceReader {
        private final MemoryTraceReader in;
        private final Progress progress;
        private long rows;

        Counting(MemoryTraceReader in, Progress progress) {
            this.in = in;
            this.progress = progress;
        }

        @Override
        public dev.vmreplay.trace.VmManifest manifest() {
            return in.manifest();
        }

        @Override
        public long rowCount() {
            return in.rowCount();
        }

        @Override
        public Path path() {
            return in.path();
        }

        @Override
        public boolean next(dev.vmreplay.trace.MemoryBatch batch) {
            boolean more = in.next(batch);
            rows += batch.size;
            progress.update(rows);
            return more;
        }

        @Override
        public void close() {
            in.close();
        }
    }

    /** The results as a sweep records them, under the run ids a sweep of the same runs would give. */
    private List<RunRecord> records(List<RunResult> results) {
        List<RunRecord> records = new ArrayList<>();
        String ioName = ioTrace == null ? null : ioTrace.getFileName().toString();
        long assumed = assumedMemoryBytes == null ? 0 : assumedMemoryBytes;
        for (RunResult r : results) {
            RunSpec spec = new RunSpec(trace, ioTrace, r.trace(), ioName, r.preset(), overrides, assumed);
            records.add(new RunRecord(spec.runId(), r.trace(), ioName, r.preset(), spec.overridesText(), assumed, "",
                    r.metrics().asMap(), r.passes(), r.effectiveConfig()));
        }
        return records;
    }

    private void writeOut(List<RunRecord> records) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        AtomicFiles.writeBytes(outDir.resolve(ResultsWriter.RESULTS_CSV),
                ResultsWriter.resultsCsv(ResultColumns.configKeys(records), records).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(outDir.resolve(PASSES_CSV), passesCsv(records).getBytes(StandardCharsets.UTF_8));
    }

    /** One row per pass of every run: run_id, trace, preset, then the pass columns. */
    static String passesCsv(List<RunRecord> records) {
        StringBuilder sb = new StringBuilder("run_id,trace,preset");
        for (String c : ResultColumns.PASS_COLUMNS) {
            sb.append(',').append(c);
        }
        sb.append('\n');
        for (RunRecord r : records) {
            for (PassStats p : r.passes()) {
                sb.append(csvField(r.runId())).append(',').append(csvField(r.trace())).append(',')
                        .append(csvField(r.preset())).append(',')
                        .append(p.pass()).append(',').append(p.startNanos()).append(',').append(p.durationNanos())
                        .append(',').append(p.pagesSent()).append(',').append(p.bytesSent()).append(',')
                        .append(p.dirtyPagesAtEnd()).append(',').append(p.traceInstalls()).append(',')
                        .append(p.traceFires()).append(',').append(p.guestStallVcpuNanos()).append(',')
                        .append(p.finalStopAndCopy()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String csvField(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static void printJson(PrintWriter out, List<RunResult> results) {
        JsonOutput.write(out, json -> {
            json.writeStartArray();
            for (RunResult r : results) {
                json.writeStartObject();
                json.writeStringField("preset", r.preset());
                json.writeStringField("trace", r.trace());
                for (Map.Entry<String, Object> m : r.metrics().asMap().entrySet()) {
                    json.writeFieldName(m.getKey());
                    if (m.getValue() instanceof Double) {
                        JsonOutput.number(json, (Double) m.getValue(), 6);
                    } else {
                        JsonOutput.value(json, m.getValue());
                    }
                }
                json.writeObjectFieldStart("config");
                for (Map.Entry<String, String> c : r.effectiveConfig().entrySet()) {
                    json.writeStringField(c.getKey(), c.getValue());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void printTable(PrintWriter out, List<RunResult> results) {
        String[] header = {"preset", "downtime", "total", "sent", "passes", "pages", "zero", "resent", "installs",
            "fires", "stall", "faults", "contig.loss", "io down", "io p99", "outcome"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (RunResult r : results) {
            Metrics m = r.metrics();
            rows.add(new String[] {
                r.preset(),
                m.migrated() ? Human.nanos(m.downtimeNanos()) : "-", // a failed migration has no downtime
                Human.nanos(m.totalNanos()),
                Human.bytes(m.bytesSent()),
                Long.toString(m.iterations()),
                Long.toString(m.pagesSent()),
                Long.toString(m.zeroPages()),
                Long.toString(m.pagesResent()),
                Long.toString(m.traceInstalls()),
                Long.toString(m.traceFires()),
                Human.nanos(m.guestStallVcpuNanos()),
                Long.toString(m.postResumeFaults()),
                Human.percent(m.contiguityLoss()),
                Human.nanos(m.ioDowntimeNanos()),
                Human.nanos(m.ioP99Nanos()),
                m.outcome()});
        }
        int[] width = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        if (!results.isEmpty()) {
            out.println("trace " + results.get(0).trace());
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                if (i == 0) {
                    sb.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]));
                } else {
                    sb.append(String.format(Locale.ROOT, "%" + width[i] + "s", row[i]));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
