package dev.vmreplay.analysis.cache;

import dev.vmreplay.trace.AtomicOutput;
import dev.vmreplay.trace.FileErrors;
import dev.vmreplay.trace.StorageFormat;
import dev.vmreplay.trace.TraceConverter;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.units.Quantity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One memory-mappable Arrow IPC copy of each trace, keyed by the trace's content, so that the many
 * runs of a sweep, a plan or the demo decode a Parquet trace once (Parquet decodes at about 11-28M
 * rows/s, a mapped Arrow file scans at over 100M) and a Spark executor fetches a remote trace once.
 *
 * <p><b>Keyed by content, not by name.</b> An entry is {@code DIR/<key>.arrow}, where the key is the
 * SHA-256 of the trace's bytes (and of its sidecar manifest {@code <trace>.vm.json}, when it has
 * one, since the sidecar changes what the rows mean). The same recording under two names is one
 * entry; a trace rewritten under the same name is a new one. Hashing reads the file, so what a file's
 * bytes hash to is remembered per file identity (path or URI, size, modification time), in this JVM
 * and in {@code DIR/keys/}, so a sweep hashes each trace once and a later sweep not at all.
 *
 * <p><b>What goes in.</b> A local Arrow IPC trace is read in place (it already maps). A local Parquet
 * trace is converted with {@link TraceConverter}, which validates every row and keeps the manifest.
 * A remote trace ({@link TraceLocation#isRemote()}) is copied through Hadoop's FileSystem into a
 * private temporary directory (hashed while copying, with its sidecar next to it so the manifest is
 * resolved as for the original), then converted, or renamed into place when it is already Arrow IPC
 * without a sidecar.
 *
 * <p><b>Never half-written.</b> Entries are written under temporary names and renamed last (the
 * converter's {@link AtomicOutput}), so an entry that exists is complete; two processes racing on one
 * trace both convert and both rename, the last rename wins and both files hold the same rows.
 * Temporaries left by killed processes are removed once they are an hour old.
 *
 * <p><b>Bounded.</b> After adding an entry the cache evicts least recently used entries (by
 * modification time, which every use refreshes: access times are unreliable under {@code relatime})
 * until it fits {@code maxBytes}. It never deletes an entry this JVM is reading (see {@link #acquire}),
 * nor one another process used within {@code grace}, so the bound can be exceeded while more than
 * that is in use. Deleting a file another process has mapped or open is safe on Linux: the inode
 * lives until the last mapping and descriptor go, only the name disappears.
 *
 * <p><b>Errors.</b> A bad trace fails with the reader's one-line message naming the original file or
 * URI, never the cache file, and leaves no entry. A cache directory that cannot be created or written
 * (full disk, permissions) fails with a message naming the directory and how to switch the cache
 * off: silently reading the source instead would hide an 8x slower sweep behind a typo.
 *
 * <p>Configuration ({@link #fromEnvironment}): {@value #DIR_ENV} = directory, or {@code off};
 * default {@code $XDG_CACHE_HOME/vmreplay/traces}, else {@code ~/.cache/vmreplay/traces} (the XDG base
 * directory convention). {@value #MAX_ENV} = size bound with a unit, default 20 GiB (about 800M rows
 * of Arrow at 25.6 bytes a row). Instances are thread-safe.
 */
public final class TraceCache {
    /** Environment variable: the cache directory, or {@code off}. */
    public static final String DIR_ENV = "VMREPLAY_TRACE_CACHE";
    /** Environment variable: the cache's size bound, such as {@code 50GiB}. */
    public static final String MAX_ENV = "VMREPLAY_TRACE_CACHE_MAX";
    /** Default size bound: 20 GiB. */
    public static final long DEFAULT_MAX_BYTES = 20L << 30;
    /** Entries another process used this recently are not evicted (it may still be reading them by name). */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    /** A temporary of ours untouched this long belongs to a process that is gone (as {@code AtomicOutput}'s). */
    static final Duration STALE_AFTER = Duration.ofHours(1);
    /** Changes whenever what an entry holds for the same input would change (the key covers it). */
    private static final String KEY_VERSION = "vmreplay-trace-cache-1";
    private static final String ENTRY_SUFFIX = ".arrow";
    private static final String KEYS_DIR = "keys";

    private static final Map<String, TraceCache> SHARED = new ConcurrentHashMap<>();
    private static final TraceCache OFF = new TraceCache(null, 0, Duration.ZERO, null);

    private final Path dir;
    private final long maxBytes;
    private final Duration grace;
    private final RemoteFiles remote;
    /** File identity -> content key, for this JVM. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Entries with open leases in this JVM, with their counts. */
    private final Map<Path, AtomicInteger> leased = new ConcurrentHashMap<>();
    /** Held to lease an entry and to delete one, so no entry is deleted between its check and its lease. */
    private final Object evictionLock = new Object();
    private final AtomicLong conversions = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong hashes = new AtomicLong();
    private volatile boolean prepared;

    private TraceCache(Path dir, long maxBytes, Duration grace, RemoteFiles remote) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.grace = grace;
        this.remote = remote;
    }

    /**
     * The cache the environment asks for ({@value #DIR_ENV}, {@value #MAX_ENV}); one instance per
     * directory in a JVM, so every backend of a process shares its memo and locks.
     *
     * @throws IllegalArgumentException for a bad {@value #MAX_ENV}
     */
    public static TraceCache fromEnvironment() {
        return fromSettings(System.getenv(DIR_ENV), System.getenv(MAX_ENV), System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home"));
    }

    static TraceCache fromSettings(String dirSetting, String maxSetting, String xdgCacheHome, String home) {
        if (dirSetting != null && dirSetting.strip().equalsIgnoreCase("off")) {
            return OFF;
        }
        Path directory;
        if (dirSetting != null && !dirSetting.isBlank()) {
            directory = Path.of(dirSetting.strip());
        } else if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
            // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
            directory = Path.of(xdgCacheHome, "vmreplay", "traces");
        } else {
            directory = Path.of(home, ".cache", "vmreplay", "traces");
        }
        long max = DEFAULT_MAX_BYTES;
        if (maxSetting != null && !maxSetting.isBlank()) {
            max = Quantity.parseBytes(MAX_ENV, maxSetting.strip());
        }
        long bound = max;
        Path absolute = directory.toAbsolutePath().normalize();
        return SHARED.computeIfAbsent(absolute + "\u0000" + bound,
                k -> new TraceCache(absolute, bound, DEFAULT_GRACE, RemoteFiles.standard()));
    }

    /** A cache in {@code directory} (created when first needed), not shared with other instances. */
    public static TraceCache at(Path directory, long maxBytes, Duration grace, RemoteFiles remote) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        return new TraceCache(directory.toAbsolutePath().normalize(), maxBytes, grace, remote);
    }

    /** No cache: local traces are read where they are; remote traces cannot be read. */
    public static TraceCache off() {
        return OFF;
    }

    public boolean enabled() {
        return dir != null;
    }

    /** The cache directory, or empty when the cache is off. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /** Conversions this instance made (a Parquet trace decoded into an entry). */
    public long conversions() {
        return conversions.get();
    }

    /** Remote traces this instance copied. */
    public long fetches() {
        return fetches.get();
    }

    /** Local files this instance hashed. */
    public long hashes() {
        return hashes.get();
    }

    /**
     * A local file with exactly the trace's rows and manifest, for as long as the lease is open: the
     * cache does not evict an entry while this JVM holds a lease on it (a looped replay opens its
     * trace again and again by name).
     */
    public final class Lease implements AutoCloseable {
        private final Path file;
        private final TraceLocation location;
        private boolean closed;

        private Lease(Path file, TraceLocation location) {
            this.file = file;
            this.location = location;
        }

        /** The file to read. */
        public Path file() {
            return file;
        }

        /** Where the trace came from, for messages. */
        public TraceLocation location() {
            return location;
        }

        /**
         * {@code e} as the user should see it: an error about the file this lease reads, reported
         * against the trace's own location. Other exceptions are returned unchanged.
         */
        public RuntimeException explain(RuntimeException e) {
            return relabel(e, file, location);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            leased.computeIfPresent(file, (f, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /**
     * {@code e} as the user should see it when a run read several leased files (a memory trace and
     * its IO trace): an error about any of them is reported against that trace's own location. Null
     * leases (no IO trace) are skipped.
     */
    public static RuntimeException explain(RuntimeException e, Lease... leases) {
        RuntimeException explained = e;
        for (Lease lease : leases) {
            if (lease != null) {
                explained = lease.explain(explained);
            }
        }
        return explained;
    }

    /**
     * The local file to read for {@code location}: the source itself (cache off, or a local Arrow
     * IPC file), or the cache entry, converted or fetched first when missing.
     *
     * @throws TraceFormatException naming the location when the trace is missing, foreign or has a bad row
     * @throws UncheckedIOException naming the URI or the cache directory for a file-system problem
     */
    public Lease acquire(TraceLocation location) {
        for (int attempt = 0; ; attempt++) {
            Path file = localFile(location);
            if (dir == null || !file.startsWith(dir)) {
                return new Lease(file, location);
            }
            // Leased under the lock eviction deletes under, and only while the entry still exists: an
            // entry another thread evicted between localFile and here is made again.
            synchronized (evictionLock) {
                if (Files.isRegularFile(file) || attempt >= 2) {
                    leased.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
                    touch(file); // what least-recently-used means here
                    return new Lease(file, location);
                }
            }
        }
    }

    private Path localFile(TraceLocation location) {
        if (!location.isRemote()) {
            Path source = location.localPath();
            if (dir == null) {
                return source;
            }
            StorageFormat format = Traces.detectFormat(source); // missing or foreign: the reader's message, naming it
            if (format == StorageFormat.ARROW_IPC) {
                return source;
            }
            return fromLocal(location, source);
        }
        if (dir == null) {
            throw new IllegalArgumentException(location + ": a trace addressed by URI is read through the trace cache,"
                    + " which " + DIR_ENV + "=off switches off; unset it or point it at a directory");
        }
        return fromRemote(location);
    }

    private Path fromLocal(TraceLocation location, Path source) {
        prepare();
        Path sidecar = sidecarOf(source);
        String identity = "file\u0000" + source + "\u0000" + attributesOf(source) + "\u0000"
                + (Files.isRegularFile(sidecar) ? attributesOf(sidecar) : "-");
        String key = knownKey(identity);
        if (key == null) {
            synchronized (lock("id\u0000" + identity)) {
                key = knownKey(identity);
                if (key == null) {
                    byte[] traceDigest = hash(source);
                    byte[] sidecarDigest = Files.isRegularFile(sidecar) ? hash(sidecar) : null;
                    key = contentKey(traceDigest, sidecarDigest);
                    remember(identity, key);
                }
            }
        }
        Path entry = entryOf(key);
        synchronized (lock(key)) {
            if (!Files.isRegularFile(entry)) {
                convert(source, entry, location);
            }
        }
        return entry;
    }

    private Path fromRemote(TraceLocation location) {
        prepare();
        URI uri = location.uri();
        URI sidecarUri = URI.create(uri + ".vm.json");
        RemoteFiles.Status status = remote.status(uri);
        Optional<RemoteFiles.Status> sidecar = remote.statusIfExists(sidecarUri);
        String identity = "uri\u0000" + uri + "\u0000" + status.fingerprint() + "\u0000"
                + sidecar.map(RemoteFiles.Status::fingerprint).orElse("-");
        synchronized (lock("id\u0000" + identity)) {
            String key = knownKey(identity);
            if (key != null && Files.isRegularFile(entryOf(key))) {
                return entryOf(key);
            }
            Path staging = newTemporaryDirectory();
            try {
                Path copy = staging.resolve(location.fileName());
                MessageDigest traceDigest = sha256();
                byte[] sidecarDigest = null;
                try {
                    remote.copy(uri, copy, traceDigest);
                    if (sidecar.isPresent()) {
                        MessageDigest d = sha256();
                        remote.copy(sidecarUri, sidecarOf(copy), d);
                        sidecarDigest = d.digest();
                    }
                } catch (RemoteFiles.WriteFailedException e) {
                    throw cannotWrite(location, e.getCause());
                }
                fetches.incrementAndGet();
                key = contentKey(traceDigest.digest(), sidecarDigest);
                Path entry = entryOf(key);
                synchronized (lock(key)) {
                    if (!Files.isRegularFile(entry)) {
                        StorageFormat format = detectFormat(copy, location);
                        if (format == StorageFormat.ARROW_IPC && sidecarDigest == null) {
                            checkArrow(copy, location);
                            moveIntoPlace(copy, entry);
                        } else {
                            convert(copy, entry, location);
                        }
                    }
                }
                remember(identity, key);
                return entry;
            } finally {
                deleteTree(staging);
            }
        }
    }

    private static StorageFormat detectFormat(Path copy, TraceLocation location) {
        try {
            return Traces.detectFormat(copy);
        } catch (RuntimeException e) {
            throw relabel(e, copy, location);
        }
    }

    /** An Arrow file that goes in without conversion is still read through once, so a bad one never becomes an entry. */
    private static void checkArrow(Path copy, TraceLocation location) {
        try {
            switch (Traces.detectKind(copy)) {
                case MEMORY -> {
                    try (var r = Traces.openMemory(copy)) {
                        var b = new dev.vmreplay.trace.MemoryBatch();
                        while (r.next(b)) {
                            // validated by the reader
                        }
                    }
                }
                case IO -> {
                    try (var r = Traces.openIo(copy)) {
                        var b = new dev.vmreplay.trace.IoBatch();
                        while (r.next(b)) {
                            // validated by the reader
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            throw relabel(e, copy, location);
        }
    }

    private void convert(Path source, Path entry, TraceLocation location) {
        try {
            TraceConverter.convert(source, entry);
        } catch (TraceFormatException e) {
            throw relabel(e, source, location);
        } catch (UncheckedIOException e) {
            // The converter reads through TraceFormatException, so this is the entry's write failing.
            throw cannotWrite(location, e.getCause());
        }
        conversions.incrementAndGet();
        evict(entry);
    }

    private UncheckedIOException cannotWrite(TraceLocation location, IOException cause) {
        return new UncheckedIOException("cannot write into the trace cache " + dir + " (for " + location + "): "
                + FileErrors.describe(cause) + " (free space, set " + MAX_ENV + " lower, point " + DIR_ENV
                + " elsewhere, or set " + DIR_ENV + "=off)", cause);
    }

    /**
     * A trace error about {@code file} (the copy or entry read in the trace's place) reported
     * against {@code location}; anything else unchanged.
     */
    static RuntimeException relabel(RuntimeException e, Path file, TraceLocation location) {
        if (e instanceof TraceFormatException t && file.equals(t.file()) && !file.toString().equals(location.toString())) {
            return t.reportedAs(location.toString());
        }
        return e;
    }

    private void moveIntoPlace(Path from, Path entry) {
        try {
            try {
                Files.move(from, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cacheProblem(e);
        }
        evict(entry);
    }

    private Path entryOf(String key) {
        return dir.resolve(key + ENTRY_SUFFIX);
    }

    private static Path sidecarOf(Path trace) {
        return trace.resolveSibling(trace.getFileName() + ".vm.json");
    }

    /** Size, modification time and inode: a file rewritten in place or replaced by a rename changes one of them. */
    private static String attributesOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + "#" + a.fileKey();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.describe(e, file), e);
        }
    }

    private byte[] hash(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.describe(e, file), e);
        }
        hashes.incrementAndGet();
        return digest.digest();
    }

    private static String contentKey(byte[] traceDigest, byte[] sidecarDigestOrNull) {
        MessageDigest d = sha256();
        d.update(KEY_VERSION.getBytes(StandardCharsets.UTF_8));
        d.update(traceDigest);
        if (sidecarDigestOrNull != null) {
            d.update((byte) 1);
            d.update(sidecarDigestOrNull);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The content key remembered for a file identity, in this JVM or in {@code DIR/keys/}, or null. */
    private String knownKey(String identity) {
        String key = keys.get(identity);
        if (key != null) {
            return key;
        }
        Path memo = memoOf(identity);
        try {
            String stored = Files.readString(memo, StandardCharsets.US_ASCII).strip();
            if (stored.matches("[0-9a-f]{64}")) {
                keys.put(identity, stored);
                return stored;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // an unreadable memo only costs a hash
        }
        return null;
    }

    private void remember(String identity, String key) {
        keys.put(identity, key);
        Path memo = memoOf(identity);
        try {
            Files.createDirectories(memo.getParent());
            Path tmp = memo.resolveSibling("." + memo.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The memo only saves hashing next time; the entry itself is what matters.
        }
    }

    private Path memoOf(String identity) {
        byte[] d = sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(KEYS_DIR).resolve(HexFormat.of().formatHex(d));
    }

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    /** Creates the directory and sweeps stale temporaries, once per instance. */
    private void prepare() {
        if (prepared) {
            return;
        }
        synchronized (this) {
            if (prepared) {
                return;
            }
            try {
                Files.createDirectories(dir.resolve(KEYS_DIR));
            } catch (IOException e) {
                throw cacheProblem(e);
            }
            if (!Files.isWritable(dir)) {
                throw new UncheckedIOException("cannot write into the trace cache " + dir + ": permission denied (point "
                        + DIR_ENV + " at a writable directory, or set " + DIR_ENV + "=off)",
                        new java.nio.file.AccessDeniedException(dir.toString()));
            }
            removeStaleTemporaries();
            prepared = true;
        }
    }

    private UncheckedIOException cacheProblem(IOException e) {
        return new UncheckedIOException("cannot use the trace cache " + dir + ": " + FileErrors.describe(e)
                + " (point " + DIR_ENV + " at another directory, or set " + DIR_ENV + "=off)", e);
    }

    /** Temporaries ({@code .NAME.<random>.tmp}, files or fetch directories) of processes that are gone. */
    void removeStaleTemporaries() {
        Instant before = Instant.now().minus(STALE_AFTER);
        for (Path parent : List.of(dir, dir.resolve(KEYS_DIR))) {
            try (Stream<Path> files = Files.list(parent)) {
                for (Path p : files.filter(TraceCache::isTemporary).toList()) {
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
                        deleteTree(p);
                    }
                }
            } catch (IOException e) {
                // Best effort: a leftover from another run must not stop this one.
            }
        }
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private Path newTemporaryDirectory() {
        while (true) {
            Path p = dir.resolve(".fetch." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                AtomicOutput.deleteOnInterrupt(p);
                Files.createDirectory(p);
                return p;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                AtomicOutput.forget(p);
            } catch (IOException e) {
                AtomicOutput.forget(p);
                throw cacheProblem(e);
            }
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort; a stale leftover is swept later
        }
        AtomicOutput.forget(p);
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // only affects which entry is evicted first
        }
    }

    /**
     * Deletes least recently used entries until the cache fits its bound, sparing {@code keep} (just
     * written), entries this JVM holds leases on and entries used within the grace period.
     */
    private void evict(Path keep) {
        touch(keep);
        record Entry(Path file, long sizeBytes, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(ENTRY_SUFFIX)
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    entries.add(new Entry(p, a.size(), a.lastModifiedTime()));
                    total += a.size();
                } catch (IOException e) {
                    // evicted by another process meanwhile
                }
            }
        } catch (IOException e) {
            return; // eviction is best effort; the new entry is good
        }
        if (total <= maxBytes) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::used).thenComparing(Entry::file));
        Instant recent = Instant.now().minus(grace);
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (e.file().equals(keep) || !e.used().toInstant().isBefore(recent)) {
                continue;
            }
            synchronized (evictionLock) {
                if (leased.containsKey(e.file())) {
                    continue;
                }
                try {
                    // Safe under a reader in another process: its mapping keeps the inode (see the class comment).
                    Files.deleteIfExists(e.file());
                    total -= e.sizeBytes();
                } catch (IOException ex) {
                    // someone else's file now, or already gone
                }
            }
        }
    }
}
