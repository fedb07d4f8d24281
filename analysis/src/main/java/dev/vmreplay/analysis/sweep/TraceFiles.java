package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.cache.TraceLocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trace paths as users write them: a file, or a glob in Java's syntax ({@code *}, {@code **},
 * {@code ?}, {@code [..]}, {@code {a,b}}) resolved against a base directory. Sidecar manifests
 * ({@code *.vm.json}) never count as traces.
 */
public final class TraceFiles {
    private TraceFiles() {
    }

    public static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * The files a pattern names, sorted.
     *
     * @throws IllegalArgumentException when a plain path does not exist or is not a file, or a glob matches nothing
     */
    public static List<Path> expand(String pattern, Path baseDir) {
        if (!isGlob(pattern)) {
            Path p = baseDir.resolve(pattern).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("trace file not found: " + p);
            }
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("not a file: " + p);
            }
            return List.of(p);
        }
        String[] parts = pattern.replace('\\', '/').split("/");
        Path root = pattern.startsWith("/") ? Path.of("/") : baseDir.toAbsolutePath();
        for (int i = 0; i < parts.length - 1; i++) {
            if (isGlob(parts[i])) {
                break;
            }
            if (!parts[i].isEmpty()) {
                root = root.resolve(parts[i]);
            }
        }
        String absolutePattern = baseDir.toAbsolutePath().resolve(pattern).normalize().toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolutePattern);
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .map(p -> p.toAbsolutePath().normalize())
                        .filter(matcher::matches)
                        .filter(p -> !p.getFileName().toString().endsWith(".vm.json"))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no trace file matches '" + pattern + "' (relative to "
                    + baseDir.toAbsolutePath().normalize() + ")");
        }
        return out;
    }

    /**
     * The traces an entry names: a URI ({@code hdfs://nn/t.parquet}, {@code file:/data/t.parquet})
     * is one trace, checked when it is read (globs in URIs are not expanded); anything else is a path
     * or glob as {@link #expand}.
     *
     * @throws IllegalArgumentException as {@link #expand}, or for a malformed URI
     */
    public static List<TraceLocation> locations(String pattern, Path baseDir) {
        if (TraceLocation.isUri(pattern)) {
            TraceLocation location = TraceLocation.parse(pattern, baseDir);
            if (!location.isRemote() && !Files.isRegularFile(location.localPath())) {
                throw new IllegalArgumentException(Files.exists(location.localPath()) ? "not a file: " + pattern
                        : "trace file not found: " + pattern);
            }
            return List.of(location);
        }
        return expand(pattern, baseDir).stream().map(TraceLocation::of).toList();
    }
}
