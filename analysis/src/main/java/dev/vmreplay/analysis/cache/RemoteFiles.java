package dev.vmreplay.analysis.cache;

import dev.vmreplay.trace.FileErrors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Remote traces through Hadoop's {@link FileSystem}: whatever scheme the classpath's Hadoop knows
 * ({@code hdfs:}, {@code s3a:}, {@code gs:}, ... and any {@code fs.SCHEME.impl} of the configuration).
 *
 * <p>The configuration is Hadoop's default one ({@code core-site.xml} and friends on the classpath,
 * which is where Spark and {@code HADOOP_CONF_DIR} put a cluster's settings). Hadoop's FileSystem
 * cache is bypassed ({@code fs.SCHEME.impl.disable.cache}) and each instance closed after use: the
 * cache's key needs {@code UserGroupInformation}, which the slim hadoop-common of the plain CLI cannot
 * load, and a trace is fetched once per process anyway, so a cached client would buy nothing.
 */
public final class RemoteFiles {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Configuration base;

    private RemoteFiles(Configuration base) {
        this.base = base;
    }

    /** Hadoop's default configuration (loaded once). */
    public static RemoteFiles standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final RemoteFiles INSTANCE = new RemoteFiles(new Configuration());
    }

    /** Over a given configuration (tests register their own schemes through {@code fs.SCHEME.impl}). */
    public static RemoteFiles with(Configuration configuration) {
        return new RemoteFiles(new Configuration(Objects.requireNonNull(configuration, "configuration")));
    }

    /** Length and modification time of a remote file, as its filesystem reports them. */
    public record Status(long lengthBytes, long modifiedMillis) {
        /** {@code length@modified}, the form sweeps fingerprint local files with. */
        public String fingerprint() {
            return lengthBytes + "@" + modifiedMillis;
        }
    }

    /**
     * The file's status.
     *
     * @throws UncheckedIOException naming the URI when it does not exist or cannot be read
     */
    public Status status(URI uri) {
        return statusIfExists(uri).orElseThrow(() -> new UncheckedIOException("cannot read " + uri + ": no such file",
                new FileNotFoundException(uri.toString())));
    }

    /** The file's status, or empty when there is no such file. */
    public Optional<Status> statusIfExists(URI uri) {
        try (FileSystem fs = open(uri)) {
            FileStatus s = fs.getFileStatus(new org.apache.hadoop.fs.Path(uri));
            if (s.isDirectory()) {
                throw new IllegalArgumentException(uri + " is a directory; name a trace file");
            }
            return Optional.of(new Status(s.getLen(), s.getModificationTime()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(uri, e);
        }
    }

    /**
     * Copies the file to {@code to} (a new file), feeding every byte to {@code digest} on the way, so
     * the copy is read once for both. Returns the bytes copied.
     */
    public long copy(URI uri, Path to, MessageDigest digest) {
        boolean writing = false; // which side failed decides whose name the message carries
        try (FileSystem fs = open(uri);
             FSDataInputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
            writing = true;
            try (OutputStream out = Files.newOutputStream(to, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                long total = 0;
                while (true) {
                    writing = false;
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    digest.update(buffer, 0, n);
                    writing = true;
                    out.write(buffer, 0, n);
                    total += n;
                }
                writing = true; // close flushes
                return total;
            }
        } catch (IOException e) {
            if (writing) {
                throw new WriteFailedException("cannot copy " + uri + " to " + to + ": " + FileErrors.describe(e, to), e);
            }
            throw failure(uri, e);
        }
    }

    /**
     * The local side of a copy failed (a full or unwritable disk): the caller names its directory,
     * not the source.
     */
    public static final class WriteFailedException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, IOException cause) {
            super(message, cause);
        }
    }

    private FileSystem open(URI uri) throws IOException {
        Configuration conf = new Configuration(base);
        conf.setBoolean("fs." + uri.getScheme() + ".impl.disable.cache", true);
        try {
            return FileSystem.get(uri, conf);
        } catch (UnsupportedFileSystemException e) {
            throw new IllegalArgumentException("cannot read " + uri + ": no Hadoop FileSystem for scheme '"
                    + uri.getScheme() + "' on the classpath (add its connector, such as hadoop-aws for s3a:, or run"
                    + " on Spark, which brings the HDFS client)", e);
        } catch (LinkageError e) {
            // The plain CLI ships a slim hadoop-common: enough for file: and simple FileSystems, not
            // for clients that need Hadoop's security classes.
            throw new IllegalArgumentException("cannot read " + uri + ": the FileSystem for scheme '" + uri.getScheme()
                    + "' needs the full Hadoop client on the classpath (" + e + ")", e);
        }
    }

    private static RuntimeException failure(URI uri, IOException e) {
        if (e instanceof FileNotFoundException) {
            return new UncheckedIOException("cannot read " + uri + ": no such file", e);
        }
        return new UncheckedIOException("cannot read " + uri + ": " + FileErrors.describe(e), e);
    }
}
