package dev.vmreplay.analysis.demo;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import dev.vmreplay.trace.ZeroRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Two small synthetic guests written with fixed seeds, so every demo run sees the same bytes:
 * <ul>
 *   <li>{@code web-hotcold}: 512 MiB, 4 vCPUs, backed by 2 MiB pages; the upper half all-zero at
 *       the start; writes at 30k pages/s, 90% to a 16 MiB hot set, 10% anywhere in the lower half,
 *       with a burst of zero-page writes; 12 s.</li>
 *   <li>{@code db-io}: 1 GiB, 8 vCPUs, 2 MiB pages over the first 768 MiB; a 64 MiB buffer pool
 *       written at 15k pages/s plus a log region written sequentially; an IO trace on 2 queues of
 *       4 KiB requests every 100 µs (service 80-400 µs); 12 s.</li>
 * The guests run well past the end of a migration started at 1 s (QEMU's 128 MiB/s pre-copy cap
 * moves 1 GiB in about 8 s), so post-resume faults and IO after the handover are part of the picture.
 * </ul>
 * A stand-in until the {@code datasets} catalogue provides bundled recordings.
 */
public final class GeneratedDemoFleet implements DemoFleet {
    private static final long MiB = 1L << 20;
    private static final long PAGE = 4096;
    private static final long DURATION_NS = 12_000_000_000L;

    @Override
    public String description() {
        return "two generated guests (web-hotcold 512 MiB, db-io 1 GiB with an IO trace)";
    }

    @Override
    public List<RunSpec> prepare(Path dir) {
        Path web = dir.resolve("web-hotcold.parquet");
        Path db = dir.resolve("db-io.parquet");
        Path dbIo = dir.resolve("db-io.io.parquet");
        if (!Files.exists(web)) {
            writeWeb(web);
        }
        if (!Files.exists(db)) {
            writeDb(db);
        }
        if (!Files.exists(dbIo)) {
            writeDbIo(dbIo);
        }
        return List.of(
                new RunSpec(db, dbIo, "db-io.parquet", "db-io.io.parquet", "qemu-precopy", Map.of(), 0),
                new RunSpec(web, null, "web-hotcold.parquet", null, "qemu-precopy", Map.of(), 0));
    }

    private static Map<String, Object> provenance(String name, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generator", "vmreplay demo " + name);
        p.put("seed", seed);
        return p;
    }

    private static void writeWeb(Path file) {
        long memory = 512 * MiB;
        long seed = 11;
        VmManifest manifest = new VmManifest(memory, 4, List.of(new LargePageRange(0, memory, LargePageRange.PAGE_2M)),
                List.of(new ZeroRange(memory / 2, memory / 2)), 0, 0, provenance("web-hotcold", seed), false);
        SplittableRandom rnd = new SplittableRandom(seed);
        long hotPages = 16 * MiB / PAGE;
        long lowerPages = memory / 2 / PAGE;
        long rows = 30_000L * (DURATION_NS / 1_000_000_000L);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            MemoryBatch batch = new MemoryBatch();
            for (long i = 0; i < rows; i++) {
                long t = i * DURATION_NS / rows;
                int vcpu = rnd.nextInt(4);
                long page = rnd.nextInt(10) == 0 ? rnd.nextLong(lowerPages) : 1024 + rnd.nextLong(hotPages);
                byte op = MemoryBatch.OP_WRITE;
                if (t > 1_500_000_000L && t < 1_700_000_000L && rnd.nextInt(4) == 0) {
                    op = MemoryBatch.OP_WRITE_ZEROS;
                }
                batch.add(t, vcpu, page * PAGE, (int) PAGE, op);
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

    private static void writeDb(Path file) {
        long memory = 1024 * MiB;
        long seed = 23;
        VmManifest manifest = new VmManifest(memory, 8, List.of(new LargePageRange(0, 768 * MiB, LargePageRange.PAGE_2M)),
                List.of(new ZeroRange(768 * MiB, 256 * MiB)), 2, 8, provenance("db-io", seed), false);
        SplittableRandom rnd = new SplittableRandom(seed);
        long poolFirst = 128 * MiB / PAGE;
        long poolPages = 64 * MiB / PAGE;
        long logFirst = 512 * MiB / PAGE;
        long logPages = 32 * MiB / PAGE;
        long rows = 15_000L * (DURATION_NS / 1_000_000_000L);
        long logCursor = 0;
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            MemoryBatch batch = new MemoryBatch();
            for (long i = 0; i < rows; i++) {
                long t = i * DURATION_NS / rows;
                int vcpu = rnd.nextInt(8);
                long page;
                if (rnd.nextInt(8) == 0) {
                    page = logFirst + (logCursor++ % logPages);
                } else {
                    page = poolFirst + rnd.nextLong(poolPages);
                }
                batch.add(t, vcpu, page * PAGE, (int) PAGE, MemoryBatch.OP_WRITE);
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

    private static void writeDbIo(Path file) {
        long seed = 29;
        VmManifest manifest = new VmManifest(1024 * MiB, 8, List.of(), List.of(), 2, 8, provenance("db-io io", seed), false);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (IoTraceWriter w = Traces.createIo(file, manifest)) {
            IoBatch batch = new IoBatch();
            long id = 0;
            for (long t = 0; t < DURATION_NS; t += 100_000) {
                byte op = rnd.nextInt(10) < 7 ? IoBatch.OP_READ : IoBatch.OP_WRITE;
                batch.add(t, (int) (id % 2), id, op, rnd.nextLong(1L << 18) * PAGE, (int) PAGE, 80_000 + rnd.nextLong(320_000));
                id++;
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
}
