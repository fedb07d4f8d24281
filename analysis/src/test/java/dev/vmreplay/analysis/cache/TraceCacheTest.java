package dev.vmreplay.analysis.cache;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCacheTest {
    private static final long MiB = 1L << 20;
    private static final Map<String, String> FAST = Map.of("link.bandwidth", "10Gbit/s", "migration.start", "200ms");

    @TempDir
    Path dir;

    /** A 64 MiB, 2-vCPU guest writing 20k random pages over 2 s (seeded), with its manifest embedded. */
    static void writeTrace(Path file, long seed) {
        writeTrace(file, seed, new VmManifest(64 * MiB, 2, List.of(), List.of(), 0, 0, Map.of(), false));
    }

    static void writeTrace(Path file, long seed, VmManifest manifest) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = 20_000;
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            MemoryBatch batch = new MemoryBatch();
            for (int i = 0; i < rows; i++) {
                batch.add(i * 100_000L, i % 2, rnd.nextLong(64 * MiB / 4096) * 4096, 4096, MemoryBatch.OP_WRITE);
                if (batch.isFull()) {
                    w.write(batch);
                    batch.clear();
                }
            }
            if (batch.size > 0) {
                w.write(batch);
            }
            w.commit();
        }
    }

    private TraceCache cache(String name) {
        return TraceCache.at(dir.resolve(name), TraceCache.DEFAULT_MAX_BYTES, TraceCache.DEFAULT_GRACE, RemoteFiles.standard());
    }

    private static List<Path> entries(Path cacheDir) throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".arrow")).sorted().toList();
        }
    }

    /** Everything in the cache directory but its memo of keys. */
    private static List<String> contents(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("keys")).sorted().toList();
        }
    }

    private Path sweep(EngineBackend backend, String grid, String out) {
        Path gridFile = dir.resolve("grid.yaml");
        List<RunSpec> runs = new GridParser(backend).parse(gridFile, grid).runs();
        Path outDir = dir.resolve(out);
        new SweepRunner(backend, 2, SweepListener.NONE).run(runs, outDir);
        return outDir;
    }

    private static void assertSameTables(Path expected, Path actual) throws IOException {
        for (String f : List.of("results.parquet", "results.csv", "passes.parquet")) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
        }
    }

    private static final String THREE_PRESETS = """
            traces: [vm.parquet]
            presets: [qemu-precopy, postcopy, stop-and-copy]
            settings:
              link.bandwidth: 10Gbit/s
              migration.start: 200ms
            """;

    @Test
    void aSweepOfOneParquetTraceUnderSeveralPresetsConvertsItOnceWithTheTablesOfTheUncachedSweep() throws IOException {
        writeTrace(dir.resolve("vm.parquet"), 1);
        TraceCache cache = cache("cache");
        Path cached = sweep(new EngineBackend(cache), THREE_PRESETS, "cached");
        // The grid check and the 3 runs: one conversion, one hash, one entry.
        assertEquals(1, cache.conversions());
        assertEquals(1, cache.hashes());
        assertEquals(1, entries(dir.resolve("cache")).size());

        Path direct = sweep(new EngineBackend(TraceCache.off()), THREE_PRESETS, "direct");
        assertSameTables(direct, cached);
    }

    @Test
    void aTraceWithoutManifestReplaysAsFromTheSourceAndIsCheckedAgainstTheAssumedMemory() {
        Path trace = dir.resolve("bare.parquet");
        writeTrace(trace, 5, VmManifest.assumed(64 * MiB, 2)); // written without a manifest
        EngineBackend cached = new EngineBackend(cache("cache"));
        EngineBackend direct = new EngineBackend(TraceCache.off());
        for (long assumed : new long[] {0, 256 * MiB}) {
            RunSpec spec = new RunSpec(trace, null, "bare", null, "qemu-precopy", FAST, assumed);
            assertEquals(direct.run(spec).metrics().asMap(), cached.run(spec).metrics().asMap(), "assumed " + assumed);
        }
        // 16 MiB is less than the rows address: the check reads the cached copy, the message names the trace.
        TraceFormatException tooSmall = assertThrows(TraceFormatException.class,
                () -> cached.checkTraces(TraceLocation.of(trace), null, 16 * MiB));
        TraceFormatException fromSource = assertThrows(TraceFormatException.class,
                () -> direct.checkTraces(TraceLocation.of(trace), null, 16 * MiB));
        assertTrue(tooSmall.getMessage().startsWith(trace + ": "), tooSmall.getMessage());
        assertEquals(fromSource.rule(), tooSmall.rule());
        assertEquals(fromSource.row(), tooSmall.row());
    }

    @Test
    void theSameContentUnderTwoNamesIsOneEntry() throws IOException {
        writeTrace(dir.resolve("a.parquet"), 1);
        Files.copy(dir.resolve("a.parquet"), dir.resolve("b.parquet"));
        TraceCache cache = cache("cache");
        Path a;
        Path b;
        try (TraceCache.Lease la = cache.acquire(TraceLocation.of(dir.resolve("a.parquet")));
             TraceCache.Lease lb = cache.acquire(TraceLocation.of(dir.resolve("b.parquet")))) {
            a = la.file();
            b = lb.file();
        }
        assertEquals(a, b);
        assertEquals(1, cache.conversions());
        assertEquals(2, cache.hashes(), "each name is hashed, the content converted once");
        assertEquals(List.of(a), entries(dir.resolve("cache")));
    }

    @Test
    void changedContentUnderTheSameNameIsANewEntry() throws IOException {
        Path trace = dir.resolve("vm.parquet");
        writeTrace(trace, 1);
        TraceCache cache = cache("cache");
        Path first;
        try (TraceCache.Lease l = cache.acquire(TraceLocation.of(trace))) {
            first = l.file();
        }
        writeTrace(trace, 2); // replaced by a rename: a new inode, so a new identity even within the same millisecond
        Path second;
        try (TraceCache.Lease l = cache.acquire(TraceLocation.of(trace))) {
            second = l.file();
        }
        assertNotEquals(first, second);
        assertEquals(2, cache.conversions());
        assertEquals(2, entries(dir.resolve("cache")).size());
    }

    @Test
    void aSidecarManifestIsPartOfTheKey() throws IOException {
        writeTrace(dir.resolve("a.parquet"), 1);
        Files.createDirectories(dir.resolve("other"));
        Files.copy(dir.resolve("a.parquet"), dir.resolve("other/a.parquet"));
        // The same rows read as a 128 MiB guest: the entry must carry this manifest, not the embedded one.
        VmManifest bigger = new VmManifest(128 * MiB, 2, List.of(), List.of(), 0, 0, Map.of(), false);
        dev.vmreplay.trace.ManifestJson.writeSidecar(dir.resolve("other/a.parquet"), bigger);
        TraceCache cache = cache("cache");
        try (TraceCache.Lease plain = cache.acquire(TraceLocation.of(dir.resolve("a.parquet")));
             TraceCache.Lease withSidecar = cache.acquire(TraceLocation.of(dir.resolve("other/a.parquet")))) {
            assertNotEquals(plain.file(), withSidecar.file());
            try (var r = Traces.openMemory(withSidecar.file())) {
                assertEquals(128 * MiB, r.manifest().memoryBytes());
            }
            try (var r = Traces.openMemory(plain.file())) {
                assertEquals(64 * MiB, r.manifest().memoryBytes());
            }
        }
    }

    @Test
    void aSecondProcessFindsTheEntryWithoutHashingOrConverting() {
        Path trace = dir.resolve("vm.parquet");
        writeTrace(trace, 1);
        Path first;
        try (TraceCache.Lease l = cache("cache").acquire(TraceLocation.of(trace))) {
            first = l.file();
        }
        TraceCache later = cache("cache"); // a new instance: nothing remembered in memory
        try (TraceCache.Lease l = later.acquire(TraceLocation.of(trace))) {
            assertEquals(first, l.file());
        }
        assertEquals(0, later.hashes(), "the key is remembered in the cache directory");
        assertEquals(0, later.conversions());
    }

    @Test
    void aFileUriAndAHadoopSchemeAreReadOnceAndReplayAsTheLocalPath() throws IOException {
        Path local = dir.resolve("local/vm.parquet");
        writeTrace(local, 3);
        Path remote = dir.resolve("remote/vm.parquet");
        writeTrace(remote, 3);
        TraceCache cache = cache("cache");
        EngineBackend backend = new EngineBackend(cache);

        RunResult byPath = backend.run(new RunSpec(local, null, "vm", null, "qemu-precopy", FAST, 0));
        TraceLocation fileUri = TraceLocation.parse("file://" + local, dir);
        RunResult byFileUri = backend.run(new RunSpec(fileUri, null, "vm", null, "qemu-precopy", FAST, 0));
        TraceLocation testfs = TraceLocation.parse(TestFileSystem.uriOf(remote).toString(), dir);
        assertTrue(testfs.isRemote());
        RunResult first = backend.run(new RunSpec(testfs, null, "vm", null, "qemu-precopy", FAST, 0));
        RunResult second = backend.run(new RunSpec(testfs, null, "vm", null, "postcopy", FAST, 0));

        assertEquals(byPath.metrics().asMap(), byFileUri.metrics().asMap());
        assertEquals(byPath.metrics().asMap(), first.metrics().asMap());
        assertEquals(byPath.passes(), first.passes());
        assertEquals(1, TestFileSystem.opens(remote), "fetched once for two runs");
        assertEquals(1, cache.fetches());
        // The remote copy has the local file's content: it is the same entry, converted once.
        assertEquals(1, cache.conversions());
        assertEquals(1, entries(dir.resolve("cache")).size());
        assertNotEquals(first.metrics().asMap(), second.metrics().asMap(), "a second preset really ran");
    }

    @Test
    void aGridTraceGivenAsUriKeepsItAsLabelAndResumes() throws IOException {
        Path remote = dir.resolve("remote/vm.parquet");
        writeTrace(remote, 4);
        String uri = TestFileSystem.uriOf(remote).toString();
        String grid = """
                traces: ['%s']
                presets: [qemu-precopy, stop-and-copy]
                settings:
                  link.bandwidth: 10Gbit/s
                  migration.start: 200ms
                """.formatted(uri);
        EngineBackend backend = new EngineBackend(cache("cache"));
        List<RunSpec> runs = new GridParser(backend).parse(dir.resolve("grid.yaml"), grid).runs();
        assertEquals(uri, runs.get(0).traceName());
        Path out = dir.resolve("out");
        SweepRunner.Outcome once = new SweepRunner(backend, 1, SweepListener.NONE).run(runs, out);
        assertEquals(2, once.ran());
        assertEquals(uri, once.records().get(0).trace());
        SweepRunner.Outcome again = new SweepRunner(backend, 1, SweepListener.NONE).run(runs, out);
        assertEquals(0, again.ran(), "the URI's fingerprint (length@modified) is unchanged");
    }

    @Test
    void aFleetRowMayNameItsTraceByUri() throws IOException {
        writeTrace(dir.resolve("fleet/traces/a.parquet"), 6);
        Path remote = dir.resolve("remote/b.parquet");
        writeTrace(remote, 7);
        String uri = TestFileSystem.uriOf(remote).toString();
        Path csv = Files.writeString(dir.resolve("fleet/fleet.csv"), """
                vm,trace,io_trace,memory,source_host,count
                a,traces/a.parquet,,,host-a,1
                b,%s,,,host-b,3
                """.formatted(uri));
        TraceCache cache = cache("cache");
        var fleet = new dev.vmreplay.analysis.plan.FleetFile(new EngineBackend(cache)).read(csv);
        assertEquals(List.of("traces/a.parquet", uri), fleet.runs().stream().map(RunSpec::traceName).toList());
        assertTrue(fleet.runs().get(1).trace().isRemote());
        assertEquals(1, cache.fetches(), "checked once, through the cache");
    }

    @Test
    void aTruncatedTraceFailsNamingTheOriginalAndLeavesNoEntry() throws IOException {
        Path trace = dir.resolve("vm.parquet");
        writeTrace(trace, 1);
        byte[] all = Files.readAllBytes(trace);
        byte[] half = java.util.Arrays.copyOf(all, all.length / 2);
        Files.write(trace, half);
        TraceCache cache = cache("cache");
        TraceFormatException local = assertThrows(TraceFormatException.class,
                () -> cache.acquire(TraceLocation.of(trace)));
        assertTrue(local.getMessage().startsWith(trace + ": "), local.getMessage());

        Path remote = dir.resolve("remote/vm.parquet");
        Files.createDirectories(remote.getParent());
        Files.write(remote, half);
        String uri = TestFileSystem.uriOf(remote).toString();
        TraceFormatException viaUri = assertThrows(TraceFormatException.class,
                () -> cache.acquire(TraceLocation.parse(uri, dir)));
        assertTrue(viaUri.getMessage().startsWith(uri + ": "), viaUri.getMessage());
        assertFalse(viaUri.getMessage().contains(dir.resolve("cache").toString()), viaUri.getMessage());
        assertEquals(local.getMessage().substring(trace.toString().length()),
                viaUri.getMessage().substring(uri.length()), "the same problem");

        assertEquals(List.of(), contents(dir.resolve("cache")), "no entry, no temporary");
        assertEquals(0, cache.conversions());
    }

    @Test
    void evictionDropsTheLeastRecentlyUsedEntriesToKeepTheBound() throws IOException {
        List<Path> traces = List.of(dir.resolve("a.parquet"), dir.resolve("b.parquet"), dir.resolve("c.parquet"));
        for (int i = 0; i < traces.size(); i++) {
            writeTrace(traces.get(i), 10 + i);
        }
        long entryBytes;
        try (TraceCache.Lease l = cache("probe").acquire(TraceLocation.of(traces.get(0)))) {
            entryBytes = Files.size(l.file());
        }
        // Room for two entries (all three have 20k rows, so the same size).
        TraceCache cache = TraceCache.at(dir.resolve("cache"), 2 * entryBytes + entryBytes / 2, Duration.ZERO,
                RemoteFiles.standard());
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Path[] files = new Path[3];
        for (int i = 0; i < 3; i++) {
            try (TraceCache.Lease l = cache.acquire(TraceLocation.of(traces.get(i)))) {
                files[i] = l.file();
            }
            // Used in order a, b, c, minutes apart.
            Files.setLastModifiedTime(files[i], FileTime.from(hourAgo.plus(Duration.ofMinutes(i))));
            assertEquals(entryBytes, Files.size(files[i]));
        }
        assertEquals(List.of(files[1], files[2]).stream().sorted().toList(), entries(dir.resolve("cache")));
    }

    @Test
    void anEntryInUseIsNotEvicted() throws IOException {
        writeTrace(dir.resolve("a.parquet"), 10);
        writeTrace(dir.resolve("b.parquet"), 11);
        TraceCache cache = TraceCache.at(dir.resolve("cache"), 1, Duration.ZERO, RemoteFiles.standard());
        try (TraceCache.Lease a = cache.acquire(TraceLocation.of(dir.resolve("a.parquet")))) {
            Path b;
            try (TraceCache.Lease lb = cache.acquire(TraceLocation.of(dir.resolve("b.parquet")))) {
                b = lb.file();
            }
            assertTrue(Files.isRegularFile(a.file()), "a run is reading it");
            assertTrue(Files.isRegularFile(b), "just written");
        }
    }

    @Test
    void staleTemporariesAreSweptAndFreshOnesKept() throws IOException {
        writeTrace(dir.resolve("vm.parquet"), 1);
        Path cacheDir = dir.resolve("cache");
        Files.createDirectories(cacheDir);
        Path stale = Files.writeString(cacheDir.resolve(".0123.arrow.k3x9.tmp"), "half an entry");
        Path staleFetch = Files.createDirectories(cacheDir.resolve(".fetch.abc.tmp"));
        Files.writeString(staleFetch.resolve("vm.parquet"), "half a copy");
        Path fresh = Files.writeString(cacheDir.resolve(".4567.arrow.z1.tmp"), "another process is writing this");
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(stale, twoHoursAgo);
        Files.setLastModifiedTime(staleFetch, twoHoursAgo);
        try (TraceCache.Lease l = cache("cache").acquire(TraceLocation.of(dir.resolve("vm.parquet")))) {
            assertTrue(Files.isRegularFile(l.file()));
        }
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleFetch));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void withTheCacheOffLocalTracesAreReadInPlaceAndUrisAreRefused() {
        Path trace = dir.resolve("vm.parquet");
        writeTrace(trace, 1);
        try (TraceCache.Lease l = TraceCache.off().acquire(TraceLocation.of(trace))) {
            assertEquals(trace, l.file());
        }
        String uri = TestFileSystem.uriOf(trace).toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceCache.off().acquire(TraceLocation.parse(uri, dir)));
        assertTrue(e.getMessage().startsWith(uri + ": ") && e.getMessage().contains("VMREPLAY_TRACE_CACHE=off"),
                e.getMessage());
    }

    @Test
    void aLocalArrowTraceIsReadInPlace() {
        Path parquet = dir.resolve("vm.parquet");
        writeTrace(parquet, 1);
        Path arrow = dir.resolve("vm.arrow");
        dev.vmreplay.trace.TraceConverter.convert(parquet, arrow);
        TraceCache cache = cache("cache");
        try (TraceCache.Lease l = cache.acquire(TraceLocation.of(arrow))) {
            assertEquals(arrow, l.file());
        }
        assertEquals(0, cache.conversions());
        assertEquals(0, cache.hashes());
    }

    @Test
    void aCacheDirectoryThatCannotBeCreatedFailsNamingIt() throws IOException {
        writeTrace(dir.resolve("vm.parquet"), 1);
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path cacheDir = blocker.resolve("cache");
        TraceCache cache = TraceCache.at(cacheDir, TraceCache.DEFAULT_MAX_BYTES, Duration.ZERO, RemoteFiles.standard());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> cache.acquire(TraceLocation.of(dir.resolve("vm.parquet"))));
        assertTrue(e.getMessage().contains("trace cache " + cacheDir) && e.getMessage().contains("=off"), e.getMessage());
    }

    @Test
    void theEnvironmentPicksTheDirectoryTheBoundOrOff() {
        assertFalse(TraceCache.fromSettings("off", null, null, "/home/u").enabled());
        assertEquals(Path.of("/x/c"), TraceCache.fromSettings("/x/c", null, null, "/home/u").directory().orElseThrow());
        assertEquals(Path.of("/xdg/vmreplay/traces"),
                TraceCache.fromSettings(null, null, "/xdg", "/home/u").directory().orElseThrow());
        assertEquals(Path.of("/home/u/.cache/vmreplay/traces"),
                TraceCache.fromSettings(null, null, "relative/ignored", "/home/u").directory().orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceCache.fromSettings(null, "20G", null, "/home/u"));
        assertTrue(e.getMessage().contains(TraceCache.MAX_ENV), e.getMessage());
    }
}
