package dev.vmreplay.bench;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.TraceConverter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark traces, generated once and cached on disk (generation of 50M rows takes about half a
 * minute). A file is reused only when it opens and holds the expected number of rows.
 */
public final class BenchTraces {
    /** Bump when the generator changes, so stale cached files are not reused. */
    private static final int GENERATOR_VERSION = 1;
    static final long MEMORY_BYTES = 64L << 30;
    static final int VCPUS = 16;
    private static final int HOT_PAGES = 100_000;

    /**
     * The guest the benchmarks replay, from system property {@code vmreplay.bench.guest}: {@code hot-cold}
     * (the default: a quarter of the writes anywhere in 64 GiB) or {@code cache-resident} (the same guest
     * with every write in the 100k hot pages, whose page state fits in cache). The second is a diagnostic:
     * the difference between the two is what cache misses on the page state cost, the rest is the engine.
     */
    enum Guest {
        HOT_COLD("hot-cold", ""),
        CACHE_RESIDENT("cache-resident", "cache-resident-");

        final String name;
        final String filePrefix;

        Guest(String name, String filePrefix) {
            this.name = name;
            this.filePrefix = filePrefix;
        }

        static Guest fromProperty() {
            String g = System.getProperty("vmreplay.bench.guest", "hot-cold");
            for (Guest x : values()) {
                if (x.name.equals(g)) {
                    return x;
                }
            }
            throw new IllegalArgumentException("vmreplay.bench.guest: expected hot-cold or cache-resident, got '" + g + "'");
        }
    }

    private BenchTraces() {
    }

    public static Path cacheDir() {
        Path dir = Path.of(System.getProperty("vmreplay.bench.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "vmreplay-bench").toString()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A memory trace of {@code rows} rows in Parquet ({@code .parquet}) or Arrow IPC ({@code .arrow}). */
    public static Path memoryTrace(long rows, String extension) {
        Guest guest = Guest.fromProperty();
        String name = "memory-" + guest.filePrefix + rows + "-v" + GENERATOR_VERSION;
        Path parquet = cacheDir().resolve(name + ".parquet");
        if (!holds(parquet, rows)) {
            generate(parquet, rows, guest);
        }
        if (extension.equals("parquet")) {
            return parquet;
        }
        Path other = cacheDir().resolve(name + "." + extension);
        if (!holds(other, rows)) {
            TraceConverter.convert(parquet, other);
        }
        return other;
    }

    private static boolean holds(Path file, long rows) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (MemoryTraceReader r = Traces.openMemory(file)) {
            return r.rowCount() == rows;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A guest with a hot working set: three writes in four go to 100k hot pages, the rest anywhere
     * in 64 GiB ({@link Guest#CACHE_RESIDENT}: in the hot pages too); 16 vCPUs; about 100 ns between
     * accesses; one write in 50 writes zeros; all 4 KiB.
     */
    private static void generate(Path file, long rows, Guest guest) {
        long coldPages = guest == Guest.CACHE_RESIDENT ? HOT_PAGES : MEMORY_BYTES / 4096;
        VmManifest manifest = new VmManifest(MEMORY_BYTES, VCPUS, List.of(), List.of(), 0, 0,
                Map.of("generator", "dev.vmreplay.bench.BenchTraces", "version", GENERATOR_VERSION, "seed", 1,
                        "guest", guest.name), false);
        SplittableRandom r = new SplittableRandom(1);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            MemoryBatch b = new MemoryBatch();
            long t = 0;
            for (long i = 0; i < rows; i++) {
                t += r.nextInt(200);
                long page = r.nextInt(4) == 0 ? r.nextLong(coldPages) : r.nextInt(HOT_PAGES);
                byte op = r.nextInt(50) == 0 ? MemoryBatch.OP_WRITE_ZEROS : MemoryBatch.OP_WRITE;
                b.add(t, r.nextInt(VCPUS), page * 4096, 4096, op);
                if (b.isFull()) {
                    w.write(b);
                    b.clear();
                }
            }
            w.write(b);
            w.commit();
        }
    }
}
