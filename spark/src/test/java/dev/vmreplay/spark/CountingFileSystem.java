package dev.vmreplay.spark;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local disk under the scheme {@code countingfs:} (registered in the tests' {@code core-site.xml}),
 * standing in for HDFS or S3 on Spark's own Hadoop client: {@code countingfs:///abs/path} is the file
 * {@code /abs/path}, read only through Hadoop's FileSystem. Counts the opens of each path, so a test
 * sees how often a trace was fetched.
 */
public class CountingFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "countingfs";
    private static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.computeIfAbsent(f.toUri().getPath(), k -> new AtomicInteger()).incrementAndGet();
        return super.open(f, bufferSize);
    }

    /** How many times {@code path} (the local path behind a countingfs URI) was opened in this JVM. */
    static int opens(java.nio.file.Path path) {
        AtomicInteger n = OPENS.get(path.toAbsolutePath().toString());
        return n == null ? 0 : n.get();
    }

    static String uriOf(java.nio.file.Path path) {
        return SCHEME + "://" + path.toAbsolutePath();
    }
}
