package dev.vmreplay.analysis;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.PassStats;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.units.Quantity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replay backend whose metrics are closed-form in the trace's memory size and the link
 * bandwidth, so tests can work expected answers out by hand.
 *
 * <p>A fake trace is a text file {@code FAKE <memory_bytes> <io 0|1>}. With memory M bytes and
 * link bandwidth B bytes/s: {@code total_ns = factor(preset) * M / B * 1e9},
 * {@code downtime_ns = downtimeShare(preset) * total_ns}, {@code bytes_sent = M * factor(preset)},
 * {@code iterations = passes(preset)}, faults and contiguity fixed per preset.
 */
public class FakeBackend implements ReplayBackend {
    public static final List<String> PRESETS = List.of("qemu-precopy", "qemu-precopy+zero-fill", "seeds-all",
            "stop-and-copy");
    private static final Map<String, String> DEFAULTS = defaults();

    public final AtomicInteger runs = new AtomicInteger();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("migration.mode", "precopy");
        m.put("migration.start", "0");
        m.put("link.bandwidth", "10Gbit/s");
        m.put("precopy.downtime-target", "300ms");
        m.put("precopy.max-passes", "30");
        m.put("trace.end", "idle");
        return m;
    }

    @Override
    public List<String> presetNames() {
        return PRESETS;
    }

    @Override
    public Map<String, String> effectiveSettings(String preset, Map<String, String> overrides) {
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "'");
        }
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
        if (preset.equals("stop-and-copy")) {
            m.put("migration.mode", "stop-and-copy");
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown configuration key '" + key + "'");
            }
            switch (key) {
                case "link.bandwidth" -> {
                    if (Quantity.parseBytesPerSecond(key, e.getValue()) <= 0) {
                        throw new IllegalArgumentException(key + ": must be > 0, was " + e.getValue());
                    }
                }
                case "precopy.downtime-target", "migration.start" -> Quantity.parseDurationNanos(key, e.getValue());
                case "precopy.max-passes" -> {
                    try {
                        Integer.parseInt(e.getValue());
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException(key + ": not a whole number: " + e.getValue());
                    }
                }
                case "trace.end" -> {
                    if (!List.of("idle", "loop").contains(e.getValue())) {
                        throw new IllegalArgumentException(key + ": not one of idle, loop: " + e.getValue());
                    }
                }
                default -> throw new IllegalStateException(key);
            }
            m.put(key, e.getValue());
        }
        if (preset.equals("stop-and-copy") && !m.get("precopy.max-passes").equals("30")) {
            throw new IllegalArgumentException("precopy.max-passes: stop-and-copy has no passes to limit");
        }
        return m;
    }

    @Override
    public void checkTraces(dev.vmreplay.analysis.cache.TraceLocation memoryLocation,
            dev.vmreplay.analysis.cache.TraceLocation ioLocation, long assumedMemoryBytes) {
        Path memoryTrace = memoryLocation.localPath();
        Path ioTraceOrNull = ioLocation == null ? null : ioLocation.localPath();
        readMemoryBytes(memoryTrace);
        if (ioTraceOrNull != null && !Files.isRegularFile(ioTraceOrNull)) {
            throw new IllegalArgumentException("no IO trace " + ioTraceOrNull);
        }
    }

    static long readMemoryBytes(Path trace) {
        try {
            String[] words = Files.readString(trace).trim().split("\\s+");
            if (!words[0].equals("FAKE")) {
                throw new IllegalArgumentException(trace + ": not a memory trace (schema mismatch)");
            }
            return Long.parseLong(words[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double factor(String preset) {
        return switch (preset) {
            case "stop-and-copy" -> 1.0;
            case "qemu-precopy" -> 2.0;
            case "qemu-precopy+zero-fill" -> 1.5;
            case "seeds-all" -> 1.25;
            default -> throw new IllegalArgumentException(preset);
        };
    }

    public static double downtimeShare(String preset) {
        return switch (preset) {
            case "stop-and-copy" -> 1.0;
            case "qemu-precopy" -> 0.1;
            case "qemu-precopy+zero-fill" -> 0.08;
            case "seeds-all" -> 0.02;
            default -> throw new IllegalArgumentException(preset);
        };
    }

    public static long faults(String preset) {
        return switch (preset) {
            case "stop-and-copy" -> 100;
            case "qemu-precopy" -> 400;
            case "qemu-precopy+zero-fill" -> 200;
            case "seeds-all" -> 0;
            default -> throw new IllegalArgumentException(preset);
        };
    }

    public static int passes(String preset) {
        return preset.equals("stop-and-copy") ? 0 : 3;
    }

    /** The metrics the fake gives for memory M at B bits/s. */
    public static Metrics metrics(String preset, long memoryBytes, double bandwidthBitsPerSec) {
        double bytesPerSec = bandwidthBitsPerSec / 8;
        long total = Math.round(factor(preset) * memoryBytes / bytesPerSec * 1e9);
        long downtime = Math.round(downtimeShare(preset) * total);
        long bytes = Math.round(memoryBytes * factor(preset));
        double contiguity = preset.startsWith("qemu-precopy") && !preset.contains("+") ? 0.5 : 0.0;
        boolean precopy = !preset.equals("stop-and-copy") && !preset.equals("postcopy");
        return new Metrics(downtime, total, bytes, passes(preset), bytes / 4096, 0, 0, 0, 0, 0, faults(preset),
                contiguity, 0, preset.equals("seeds-all") ? 50_000 : 100_000, 0, precopy, false, 0, 1, true,
                precopy ? "converged" : "completed", total - downtime, 300_000_000L, 0);
    }

    @Override
    public RunResult run(RunSpec spec) {
        runs.incrementAndGet();
        Map<String, String> config = effectiveSettings(spec.preset(), spec.overrides());
        long memory = readMemoryBytes(spec.tracePath());
        double bandwidth = Quantity.parseBytesPerSecond("link.bandwidth", config.get("link.bandwidth")) * 8.0;
        Metrics m = metrics(spec.preset(), memory, bandwidth);
        List<PassStats> passes = new ArrayList<>();
        int n = passes(spec.preset());
        long start = 0;
        for (int i = 0; i <= n; i++) {
            boolean fin = i == n;
            long bytes = m.bytesSent() >> (i + 1);
            long duration = fin ? m.downtimeNanos() : (m.totalNanos() - m.downtimeNanos()) / n;
            passes.add(new PassStats(i, start, duration, bytes / 4096, bytes, bytes / 8192, 0, 0, 0, fin));
            start += duration;
        }
        return new RunResult(spec.preset(), spec.traceName(), m, passes, config);
    }

    /** Writes a fake trace file. */
    public static Path writeTrace(Path file, long memoryBytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "FAKE " + memoryBytes + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
