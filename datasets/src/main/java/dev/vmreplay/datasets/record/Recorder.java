package dev.vmreplay.datasets.record;

import dev.vmreplay.datasets.importer.ImportOptions;
import dev.vmreplay.datasets.importer.ImportResult;
import dev.vmreplay.datasets.importer.Recordings;
import dev.vmreplay.datasets.output.TraceOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a command with the recorder library preloaded, then converts its dirty-epochs output into a
 * memory trace (2 MiB-block page mapping by default, so huge pages stay large pages).
 */
public final class Recorder {
    private Recorder() {
    }

    /**
     * What a recording produced.
     *
     * @param commandExitCode the target's exit status (128 + signal when killed)
     * @param facts the recorder's key=value facts (mechanism, epochs, errors)
     * @param hugeRanges process huge-page ranges {start page, pages} at exit
     * @param trace the converted trace
     */
    public record Result(int commandExitCode, Map<String, String> facts, List<long[]> hugeRanges, ImportResult trace) {
    }

    /**
     * Records {@code command} and writes the trace to {@code out}.
     *
     * @param epochNanos epoch length, at least 1 ms
     * @param epochsCsv where the raw {@code t_ns,vpn} epochs go (kept)
     */
    public static Result record(List<String> command, long epochNanos, Path epochsCsv, ImportOptions options,
                                TraceOutputs outputs, Path out) {
        return record(command, epochNanos, Mechanism.AUTO, epochsCsv, options, outputs, out);
    }

    /** How dirty pages are tracked: the best available, or one forced. */
    public enum Mechanism {
        /** userfaultfd write-protect + PAGEMAP_SCAN, else soft-dirty. */
        AUTO("auto"),
        /** userfaultfd write-protect + PAGEMAP_SCAN only (Linux 6.7+). */
        UFFD("uffd"),
        /** soft-dirty bits only (kernels built with CONFIG_MEM_SOFT_DIRTY; may miss racing writes). */
        SOFT_DIRTY("soft-dirty");

        private final String cliName;

        Mechanism(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Mechanism parse(String text) {
            for (Mechanism m : values()) {
                if (m.cliName.equals(text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--mechanism must be auto, uffd or soft-dirty, was '" + text + "'");
        }
    }

    /** As {@link #record(List, long, Path, ImportOptions, TraceOutputs, Path)}, with the mechanism chosen. */
    public static Result record(List<String> command, long epochNanos, Mechanism mechanism, Path epochsCsv,
                                ImportOptions options, TraceOutputs outputs, Path out) {
        Captured c = capture(command, epochNanos, mechanism, epochsCsv);
        Map<String, Object> recorder = new LinkedHashMap<>();
        recorder.put("command", String.join(" ", command));
        recorder.put("exit_code", c.exitCode);
        for (Map.Entry<String, String> e : c.facts.entrySet()) {
            recorder.put(e.getKey(), numberOrText(e.getValue()));
        }
        ImportResult trace = Recordings.convert(epochsCsv, options, c.huge, recorder, outputs, out);
        return new Result(c.exitCode, c.facts, c.huge, trace);
    }

    /** The raw capture: runs the command and reads back the recorder's facts. */
    record Captured(int exitCode, Map<String, String> facts, List<long[]> huge) {
    }

    static Captured capture(List<String> command, long epochNanos, Path epochsCsv) {
        return capture(command, epochNanos, Mechanism.AUTO, epochsCsv);
    }

    static Captured capture(List<String> command, long epochNanos, Mechanism mechanism, Path epochsCsv) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("record: give the command to run after --");
        }
        if (epochNanos < 1_000_000L) {
            throw new IllegalArgumentException("--epoch must be at least 1ms, was " + epochNanos + " ns");
        }
        Path library = RecorderLibrary.locate();
        Path meta = epochsCsv.resolveSibling(epochsCsv.getFileName() + ".meta");
        try {
            Files.deleteIfExists(epochsCsv);
            Files.deleteIfExists(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        String preload = env.get("LD_PRELOAD");
        env.put("LD_PRELOAD", preload == null || preload.isBlank() ? library.toString() : library + ":" + preload);
        env.put("VMREPLAY_RECORD_OUT", epochsCsv.toAbsolutePath().toString());
        env.put("VMREPLAY_RECORD_META", meta.toAbsolutePath().toString());
        env.put("VMREPLAY_RECORD_EPOCH_NS", Long.toString(epochNanos));
        env.put("VMREPLAY_RECORD_MECHANISM", mechanism.cliName());
        int exit;
        try {
            Process p = pb.start();
            exit = p.waitFor();
        } catch (IOException e) {
            throw new IllegalArgumentException("record: cannot start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("record: interrupted while waiting for " + command.get(0), e);
        }
        if (!Files.exists(meta)) {
            throw new IllegalStateException("record: the recorder library was not loaded into " + command.get(0)
                    + " (exit " + exit + "): statically linked and setuid programs ignore LD_PRELOAD");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        List<long[]> huge = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (key.equals("huge")) {
                    int comma = value.indexOf(',');
                    huge.add(new long[] {Long.parseLong(value.substring(0, comma)), Long.parseLong(value.substring(comma + 1))});
                } else {
                    facts.merge(key, value, (a, b) -> a + "; " + b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if ("none".equals(facts.get("mechanism"))) {
            List<String> reasons = new ArrayList<>();
            if (facts.containsKey("uffd_error")) {
                reasons.add(facts.get("uffd_error"));
            }
            if (facts.containsKey("soft_dirty_error")) {
                reasons.add(facts.get("soft_dirty_error"));
            }
            throw new IllegalStateException("record: no dirty-page tracking available (--mechanism "
                    + mechanism.cliName() + "): " + String.join("; ", reasons));
        }
        if (!facts.containsKey("end_ns") && facts.containsKey("exec")) {
            String message = execMessage(command.get(0), facts.get("exec"), countLines(epochsCsv));
            try {
                Files.deleteIfExists(epochsCsv);
                Files.deleteIfExists(meta);
            } catch (IOException e) {
                // the message below is what matters; a leftover raw file is named in it anyway
            }
            throw new IllegalArgumentException(message);
        }
        if (!facts.containsKey("end_ns")) {
            facts.put("note", exit >= 128
                    ? "the target was killed before its exit handlers ran: the last epoch is missing"
                    : "the target ended without running exit handlers (_exit): the last epoch is missing");
        }
        return new Captured(exit, facts, huge);
    }

    /**
     * The recorded process replaced itself with another program (a wrapper or shim that execs the real
     * one): the recorder's state went with the old image, so only the wrapper's start-up was recorded.
     */
    static String execMessage(String command, String execed, long pageWrites) {
        return "record: " + command + " replaced itself with " + execed + " (exec) after " + pageWrites
                + " page writes, and what runs after an exec is not recorded: record the real program, not a wrapper "
                + "or shim (for a pyenv shim: vmreplay record -- \"$(pyenv which python)\" ARGS)";
    }

    private static long countLines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static Object numberOrText(String s) {
        if (!s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(s);
        }
        return s;
    }
}
