package dev.vmreplay.analysis.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a trace is: a file on this machine, or a URI that Hadoop's {@code FileSystem} reads
 * ({@code hdfs://nn/traces/vm1.parquet}, {@code s3a://bucket/vm1.parquet}, {@code file:/data/vm1.parquet}).
 *
 * <p>A URI is kept as written and never turned into a {@link Path}: {@code Path.of("hdfs://nn/x")}
 * is the local relative path {@code hdfs:/nn/x}. A {@code file:} URI names a local file, so it is read
 * in place like a path (nothing to fetch), but its label in results stays the URI as written.
 *
 * <p>{@link #toString()} is the form {@link #parse(String, Path)} reads back: the absolute path of a
 * local file, the URI text of anything else (a Spark task carries a location as this string).
 */
public final class TraceLocation {
    /**
     * A scheme of two or more characters followed by {@code :/}. Two characters at least so a
     * Windows drive ({@code C:/}) stays a path; the slash so a local name with a colon in it
     * ({@code vm:1.parquet}) does too.
     */
    private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*", Pattern.DOTALL);

    private final Path path;
    private final URI uri;
    private final String text;

    private TraceLocation(Path path, URI uri, String text) {
        this.path = path;
        this.uri = uri;
        this.text = text;
    }

    /** A local file (made absolute and normalized, as sweeps have always resolved trace paths). */
    public static TraceLocation of(Path file) {
        Path p = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        return new TraceLocation(p, null, p.toString());
    }

    /** True when {@code text} is written as a URI with a scheme rather than as a path. */
    public static boolean isUri(String text) {
        return text != null && URI_START.matcher(text).matches();
    }

    /**
     * A trace as a user wrote it: a URI with a scheme, or a path resolved against {@code baseDir}.
     *
     * @throws IllegalArgumentException for a malformed URI or a {@code file:} URI that is not absolute
     */
    public static TraceLocation parse(String text, Path baseDir) {
        Objects.requireNonNull(text, "text");
        if (!isUri(text)) {
            return of(baseDir.resolve(text));
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URI: " + text + " (" + e.getReason() + ")", e);
        }
        if (u.getScheme().equalsIgnoreCase("file")) {
            if (u.getAuthority() != null && !u.getAuthority().isEmpty() && !u.getAuthority().equals("localhost")) {
                throw new IllegalArgumentException(text + ": a file: URI names a file on this machine (file:/path or"
                        + " file:///path), not on host " + u.getAuthority());
            }
            return new TraceLocation(Path.of(u.getPath()).normalize(), u, text);
        }
        return new TraceLocation(null, u, text);
    }

    /** True when the trace must be fetched through Hadoop's FileSystem before it can be read. */
    public boolean isRemote() {
        return path == null;
    }

    /**
     * The local file.
     *
     * @throws IllegalStateException for a remote trace (use {@link TraceCache#localFile})
     */
    public Path localPath() {
        if (path == null) {
            throw new IllegalStateException(text + " is not a local file; read it through the trace cache");
        }
        return path;
    }

    /** The URI as written, or null for a location written as a path. */
    public URI uri() {
        return uri;
    }

    /**
     * The trace's label in results: a URI as written; a path relative to {@code baseDir}
     * ('/'-separated) when inside it, else absolute (as sweeps and plans have always labelled files).
     */
    public String label(Path baseDir) {
        if (uri != null) {
            return text;
        }
        Path base = baseDir.toAbsolutePath().normalize();
        if (path.startsWith(base)) {
            return base.relativize(path).toString().replace('\\', '/');
        }
        return path.toString();
    }

    /** The file name (last path segment), for messages and for the names of fetched copies. */
    public String fileName() {
        if (path != null) {
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        }
        String p = uri.getPath() == null ? "" : uri.getPath();
        int slash = p.lastIndexOf('/');
        String name = slash < 0 ? p : p.substring(slash + 1);
        return name.isEmpty() ? "trace" : name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceLocation other && text.equals(other.text) && Objects.equals(uri, other.uri);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
