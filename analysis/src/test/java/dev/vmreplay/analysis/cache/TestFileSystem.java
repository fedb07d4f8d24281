package dev.vmreplay.analysis.cache;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local disk under the scheme {@code testfs:} (registered in the tests' {@code core-site.xml}),
 * standing in for HDFS or S3: a trace at {@code testfs:///abs/path} is the file {@code /abs/path}, but
 * only Hadoop's FileSystem can read it. Counts the opens of each path, so a test can see how often a
 * trace was fetched.
 */
public class TestFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "testfs";
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

    /** How many times {@code path} (the local path behind a testfs URI) was opened. */
    static int opens(java.nio.file.Path path) {
        AtomicInteger n = OPENS.get(path.toString());
        return n == null ? 0 : n.get();
    }

    static URI uriOf(java.nio.file.Path path) {
        return URI.create(SCHEME + "://" + path.toAbsolutePath());
    }
}
