package dev.vmreplay.analysis.results;

import dev.vmreplay.analysis.cache.TraceLocation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One replay to run: a memory trace (with an optional IO trace), a preset and the settings that
 * override it.
 *
 * @param trace where the memory trace is: a local file or a URI (carried as written, never as a
 *     {@link Path}, which would mangle {@code hdfs://nn/x})
 * @param ioTrace where the IO trace is, or null
 * @param traceName the trace's label in results (path relative to the grid file, '/' separated)
 * @param ioTraceName the IO trace's label, or null
 * @param preset preset name
 * @param overrides configuration keys set on top of the preset, in grid order
 * @param assumedMemoryBytes guest memory to assume for a trace without manifest, 0 = from the trace
 */
public record RunSpec(TraceLocation trace, TraceLocation ioTrace, String traceName, String ioTraceName, String preset,
                      Map<String, String> overrides, long assumedMemoryBytes) {
    public RunSpec {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(traceName, "traceName");
        Objects.requireNonNull(preset, "preset");
        if ((ioTrace == null) != (ioTraceName == null)) {
            throw new IllegalArgumentException("ioTrace and ioTraceName must both be set or both be null");
        }
        if (assumedMemoryBytes < 0) {
            throw new IllegalArgumentException("assumedMemoryBytes must be >= 0, was " + assumedMemoryBytes);
        }
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** A run of local trace files. */
    public RunSpec(Path tracePath, Path ioTracePath, String traceName, String ioTraceName, String preset,
                   Map<String, String> overrides, long assumedMemoryBytes) {
        this(TraceLocation.of(tracePath), ioTracePath == null ? null : TraceLocation.of(ioTracePath), traceName,
                ioTraceName, preset, overrides, assumedMemoryBytes);
    }

    /** The same run under another preset and overrides (the traces, labels and assumed memory kept). */
    public RunSpec with(String otherPreset, Map<String, String> otherOverrides) {
        return new RunSpec(trace, ioTrace, traceName, ioTraceName, otherPreset, otherOverrides, assumedMemoryBytes);
    }

    /**
     * The memory trace's local file.
     *
     * @throws IllegalStateException when the trace is addressed by a remote URI
     */
    public Path tracePath() {
        return trace.localPath();
    }

    /** The IO trace's local file, or null without one (as {@link #tracePath()} for a remote one). */
    public Path ioTracePath() {
        return ioTrace == null ? null : ioTrace.localPath();
    }

    /** The overrides as one line, {@code key=value;key=value} in grid order ("" when none). */
    public String overridesText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * A stable identifier of what this run computes: 16 hex digits of the SHA-256 of the trace
     * labels, preset, overrides and assumed memory. Paths on disk are left out on purpose so a
     * sweep directory moved together with its traces still resumes.
     */
    public String runId() {
        String canonical = String.join("\u0000", traceName, ioTraceName == null ? "" : ioTraceName, preset,
                overridesText(), Long.toString(assumedMemoryBytes));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
