package dev.vmreplay.cli;

import dev.vmreplay.analysis.cache.TraceCache;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.converge.Completion;
import dev.vmreplay.analysis.converge.ConvergenceVerdict;
import dev.vmreplay.analysis.converge.EngineReplay;
import dev.vmreplay.analysis.converge.Fix;
import dev.vmreplay.analysis.converge.FixSearch;
import dev.vmreplay.analysis.converge.ReplayListener;
import dev.vmreplay.analysis.converge.SearchLimits;
import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.trace.ReadOptions;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.units.Human;
import dev.vmreplay.units.Quantity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmreplay converge TRACE}: per preset, does the migration complete, when and how; for one that does not,
 * the smallest single change that makes it complete ({@link FixSearch}, DESIGN.md section 6).
 */
@Command(
        name = "converge",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Will this VM migrate? Per preset, replay the trace once and say whether the migration completes"
                    + " (outcome converged, completed, paused or postcopy-fallback; forced completes only because"
                    + " it was forced; aborted and timed-out do not), when, and how (downtime, bytes, throttle,"
                    + " final downtime limit).",
            "For a preset that does not complete, search on the replay itself the smallest single change that"
                    + " makes it complete: the downtime limit (up to 60 s), the bandwidth cap (up to the link rate),"
                    + " else the link rate with the cap lifted (up to 400 Gbit/s), auto-converge on, post-copy."
                    + " Values are bisected assuming completion is monotone in them, to within 5% (or 10 ms,"
                    + " 1 MiB/s) of the smallest completing value, and every value reported was replayed and"
                    + " completed. Fixes are listed smallest first: numeric settings by factor new/old, then"
                    + " auto-converge, post-copy, a faster link.",
            "Every replay is bounded by migration.timeout; search replays by --search-timeout. A search takes at"
                    + " most 36 replays per preset that does not complete (1 verdict + 3 bisections of at most 11"
                    + " + 2); one line per replay goes to stderr."
        })
final class ConvergeCommand implements Callable<Integer> {
    static final List<String> DEFAULT_PRESETS =
            List.of("qemu-precopy", "qemu-autoconverge", "nova-defaults", "kubevirt-defaults", "postcopy");

    @Parameters(index = "0", paramLabel = "TRACE", description = "Memory access trace (Parquet or Arrow IPC).")
    private Path trace;

    @Option(names = "--io", paramLabel = "IO_TRACE", description = "IO trace to replay through the SR-IOV VF.")
    private Path ioTrace;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Preset to judge; repeat for several (default: " + "qemu-precopy, qemu-autoconverge,"
                    + " nova-defaults, kubevirt-defaults, postcopy).")
    private List<String> presets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a configuration key in every preset, for example --set trace.end=loop.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--link", paramLabel = "RATE", description = "Link rate (sets link.bandwidth), for example 25Gbit/s.")
    private String link;

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Guest memory to assume for a trace without a manifest, for example 8GiB.")
    private Long assumedMemoryBytes;

    @Option(names = "--search-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "migration.timeout of every search replay, when shorter than the preset's (default:"
                    + " ${DEFAULT-VALUE}). A change that completes within it completes under the preset too; one"
                    + " that would complete only later is missed.")
    private String searchTimeout = "60s";

    @Mixin
    private FormatOption format;

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        if (link != null) {
            if (settings.containsKey("link.bandwidth")) {
                throw new IllegalArgumentException("--link and --set link.bandwidth both set the link rate; give one");
            }
            settings.put("link.bandwidth", link);
        }
        SearchLimits limits = SearchLimits.defaults()
                .withSearchTimeoutNanos(Quantity.parseDurationNanos("--search-timeout", searchTimeout));
        List<String> names = presets.isEmpty() ? DEFAULT_PRESETS : presets;
        // Validate every configuration before the first (possibly long) replay.
        Map<String, Map<String, String>> effective = new LinkedHashMap<>();
        for (String name : names) {
            effective.put(name, Presets.config(name, settings).effectiveSettings());
        }
        long assumed = assumedMemoryBytes == null ? 0 : assumedMemoryBytes;
        if (assumed < 0) {
            throw new IllegalArgumentException("--memory must be >= 0, was " + assumed);
        }
        ReadOptions options = ReadOptions.defaults().withAssumedMemoryBytes(assumed);
        PrintWriter err = spec.commandLine().getErr();
        ReplayListener progress = (preset, n, changes, m) -> {
            err.println("converge: " + preset + " #" + n + " " + (changes.isEmpty() ? "as configured" : changeText(changes))
                    + " -> " + m.outcome() + " at " + Human.nanos(m.outcomeNanos()));
            err.flush();
        };
        List<ConvergenceVerdict> verdicts = new ArrayList<>();
        // A search replays the trace many times: read it through the trace cache, so its Parquet is
        // decoded once (into the cache's Arrow copy), as a sweep does. The leases keep the copies from
        // being evicted while the searches reopen them.
        TraceCache cache = TraceCache.fromEnvironment();
        try (TraceCache.Lease memory = cache.acquire(TraceLocation.of(trace));
             TraceCache.Lease io = ioTrace == null ? null : cache.acquire(TraceLocation.of(ioTrace))) {
            try {
                Traces.openMemory(memory.file(), options).close(); // a trace the options refuse fails here, in one line
                EngineReplay replay = new EngineReplay(() -> Traces.openMemory(memory.file(), options),
                        io == null ? null : () -> Traces.openIo(io.file(), options));
                for (Map.Entry<String, Map<String, String>> e : effective.entrySet()) {
                    verdicts.add(FixSearch.verdict(replay, e.getKey(), settings, e.getValue(), limits, progress));
                }
            } catch (RuntimeException e) {
                // reported against the trace the user named, never the cache's copy
                throw TraceCache.explain(e, memory, io);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.format() == OutputFormat.JSON) {
            printJson(out, verdicts);
        } else {
            printTable(out, trace.getFileName().toString(), verdicts);
        }
        return ExitCodes.OK;
    }

    private static String changeText(Map<String, String> changes) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> c : changes.entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(c.getKey()).append('=').append(c.getValue());
        }
        return sb.toString();
    }

    private static void printJson(PrintWriter out, List<ConvergenceVerdict> verdicts) {
        JsonOutput.write(out, json -> {
            json.writeStartArray();
            for (ConvergenceVerdict v : verdicts) {
                Metrics m = v.run();
                json.writeStartObject();
                json.writeStringField("preset", v.preset());
                json.writeStringField("completes", v.completion().label());
                json.writeStringField("outcome", m.outcome());
                json.writeNumberField("outcome_ns", m.outcomeNanos());
                json.writeNumberField("total_ns", m.totalNanos());
                json.writeNumberField("downtime_ns", m.downtimeNanos());
                json.writeNumberField("bytes_sent", m.bytesSent());
                json.writeFieldName("throttle_max");
                JsonOutput.number(json, m.throttleMax(), 6);
                json.writeNumberField("downtime_limit_final_ns", m.downtimeLimitFinalNanos());
                json.writeNumberField("replays", v.replays());
                json.writeNumberField("search_timeout_ns", v.searchTimeoutNanos());
                json.writeArrayFieldStart("fixes");
                for (Fix f : v.fixes()) {
                    json.writeStartObject();
                    json.writeStringField("key", f.key());
                    json.writeStringField("value", f.value());
                    json.writeObjectFieldStart("also");
                    for (Map.Entry<String, String> a : f.alsoSet().entrySet()) {
                        json.writeStringField(a.getKey(), a.getValue());
                    }
                    json.writeEndObject();
                    json.writeFieldName("factor");
                    JsonOutput.number(json, f.factor(), 4);
                    json.writeStringField("outcome", f.result().outcome());
                    json.writeNumberField("downtime_ns", f.result().downtimeNanos());
                    json.writeNumberField("total_ns", f.result().totalNanos());
                    json.writeNumberField("bytes_sent", f.result().bytesSent());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("no_fix");
                for (String n : v.notFound()) {
                    json.writeString(n);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void printTable(PrintWriter out, String traceName, List<ConvergenceVerdict> verdicts) {
        out.println("trace " + traceName);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"preset", "completes", "outcome", "decided at", "total", "downtime", "sent",
            "throttle max", "downtime limit"});
        for (ConvergenceVerdict v : verdicts) {
            Metrics m = v.run();
            boolean migrated = v.completion() != Completion.FAILS;
            rows.add(new String[] {v.preset(), v.completion().label(), m.outcome(), Human.nanos(m.outcomeNanos()),
                migrated ? Human.nanos(m.totalNanos()) : "-", migrated ? Human.nanos(m.downtimeNanos()) : "-",
                Human.bytes(m.bytesSent()), Human.percent(m.throttleMax()), Human.nanos(m.downtimeLimitFinalNanos())});
        }
        printRows(out, rows, "");
        for (ConvergenceVerdict v : verdicts) {
            if (v.completion() != Completion.FAILS) {
                continue;
            }
            out.println();
            out.println(v.preset() + " does not complete (" + v.run().outcome() + " at "
                    + Human.nanos(v.run().outcomeNanos()) + "). Single changes that make it complete, smallest first"
                    + " (searched on " + (v.replays() - 1) + " replays bounded at " + Human.nanos(v.searchTimeoutNanos())
                    + "; values within 5% above the smallest that completes, assuming completion is monotone):");
            if (v.fixes().isEmpty()) {
                out.println("  none found");
            } else {
                List<String[]> fixRows = new ArrayList<>();
                fixRows.add(new String[] {"change", "factor", "outcome", "downtime", "total", "sent"});
                for (Fix f : v.fixes()) {
                    fixRows.add(new String[] {f.change(),
                        f.factor() == 1 ? "-" : String.format(Locale.ROOT, "x%.2f", f.factor()),
                        f.result().outcome(), Human.nanos(f.result().downtimeNanos()), Human.nanos(f.result().totalNanos()),
                        Human.bytes(f.result().bytesSent())});
                }
                printRows(out, fixRows, "  ");
            }
            for (String n : v.notFound()) {
                out.println("  no fix by " + n);
            }
        }
        out.flush();
    }

    private static void printRows(PrintWriter out, List<String[]> rows, String indent) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                String fmt = i == 0 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
                sb.append(String.format(Locale.ROOT, fmt, row[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
