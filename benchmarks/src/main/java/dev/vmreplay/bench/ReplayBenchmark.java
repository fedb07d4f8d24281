package dev.vmreplay.bench;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.ReplayEngine;
import dev.vmreplay.engine.RunResult;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay throughput in guest events per second (one operation = one trace row) for one
 * configuration: {@code qemu-precopy} on a 100 Gbit/s link without the pre-copy rate cap, the
 * migration starting 1 s into the trace, so that pre-copy passes, syncs and the stop-and-copy all
 * happen while the guest runs. The guest is the {@link BenchTraces} guest (64 GiB, 16 vCPUs, 50M
 * accesses, three in four to 100k hot pages).
 *
 * <ul>
 *   <li>{@code inMemory}: batches already decoded, handed over without copying or validation - the
 *       engine alone;</li>
 *   <li>{@code arrowFile} / {@code parquetFile}: end to end from the file; compare with
 *       {@link TraceScanBenchmark} (the bare scan of the same files) run in the same invocation:
 *       {@code java -jar benchmarks.jar 'ReplayBenchmark|TraceScanBenchmark'}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ReplayBenchmark.ROWS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class ReplayBenchmark {
    static final int ROWS = TraceScanBenchmark.ROWS;

    /**
     * The benchmark configuration. System properties change it for other measurements:
     * {@code vmreplay.bench.preset} (default {@code qemu-precopy}) and {@code vmreplay.bench.set}
     * ({@code key=value;key=value}, applied last); {@code vmreplay.bench.guest} picks the guest
     * ({@link BenchTraces.Guest}). Under JMH pass them to the fork: {@code -jvmArgsAppend -Dkey=value}.
     */
    static MigrationConfig config() {
        Map<String, String> overrides = new LinkedHashMap<>(Map.of(
                "link.bandwidth", "100Gbit/s",
                "precopy.max-bandwidth", "unlimited",
                "migration.start", "1s"));
        for (String kv : System.getProperty("vmreplay.bench.set", "").split(";")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("vmreplay.bench.set: expected key=value, got '" + kv + "'");
            }
            overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return Presets.config(System.getProperty("vmreplay.bench.preset", "qemu-precopy"), overrides);
    }

    @State(Scope.Benchmark)
    public static class InMemory {
        List<MemoryBatch> batches;
        VmManifest manifest;
        MigrationConfig config;

        @Setup(Level.Trial)
        public void setUp() {
            config = config();
            Path arrow = BenchTraces.memoryTrace(ROWS, "arrow");
            batches = new ArrayList<>();
            long rows = 0;
            try (MemoryTraceReader r = Traces.openMemory(arrow)) {
                manifest = r.manifest();
                MemoryBatch b = new MemoryBatch();
                while (r.next(b)) {
                    MemoryBatch copy = new MemoryBatch(b.size);
                    System.arraycopy(b.timeNanos, 0, copy.timeNanos, 0, b.size);
                    System.arraycopy(b.vcpu, 0, copy.vcpu, 0, b.size);
                    System.arraycopy(b.gpa, 0, copy.gpa, 0, b.size);
                    System.arraycopy(b.lengthBytes, 0, copy.lengthBytes, 0, b.size);
                    System.arraycopy(b.op, 0, copy.op, 0, b.size);
                    copy.size = b.size;
                    batches.add(copy);
                    rows += b.size;
                }
            }
            if (rows != ROWS) {
                throw new IllegalStateException("decoded " + rows + " rows, expected " + ROWS);
            }
            RunResult once = ReplayEngine.run(() -> new PrebuiltBatches(batches, manifest), null, config, "bench");
            System.out.printf("%nbenchmark run: %s%n", once.metrics());
        }
    }

    @State(Scope.Benchmark)
    public static class Files0 {
        Path parquet;
        Path arrow;
        MigrationConfig config;

        @Setup(Level.Trial)
        public void setUp() {
            config = config();
            parquet = BenchTraces.memoryTrace(ROWS, "parquet");
            arrow = BenchTraces.memoryTrace(ROWS, "arrow");
        }
    }

    @Benchmark
    public long inMemory(InMemory s) {
        return ReplayEngine.run(() -> new PrebuiltBatches(s.batches, s.manifest), null, s.config, "bench").metrics().bytesSent();
    }

    @Benchmark
    public long arrowFile(Files0 s) {
        return ReplayEngine.run(() -> Traces.openMemory(s.arrow), null, s.config, "bench").metrics().bytesSent();
    }

    @Benchmark
    public long parquetFile(Files0 s) {
        return ReplayEngine.run(() -> Traces.openMemory(s.parquet), null, s.config, "bench").metrics().bytesSent();
    }

    /**
     * The three measurements of this benchmark for shared, busy machines: events per second of this
     * thread's CPU time and of wall time, with the bare scan of the same files (as {@link ScanCpuTime}) in
     * the same run. Not JMH (no fork, simple warm-up): trust JMH on a quiet machine, this on a loaded one.
     * The engine decodes a file trace on a thread of its own, which this thread's CPU time leaves out for
     * {@code arrowFile} and {@code parquetFile}: the rate per second of the whole process's CPU time (every
     * thread, garbage collection and JIT included) is printed beside it.
     *
     * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx4g -cp benchmarks/target/benchmarks.jar
     * 'dev.vmreplay.bench.ReplayBenchmark$CpuTime' [rounds] [inMemory,arrowFile,parquetFile,scanArrow,scanParquet]}
     * ({@code loadState} and {@code updateState}, the floor of {@link PageStateFloorBenchmark}, on request)
     */
    public static final class CpuTime {
        private CpuTime() {
        }

        public static void main(String[] args) {
            int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
            java.util.Set<String> which = new java.util.LinkedHashSet<>(java.util.List.of(
                    (args.length > 1 ? args[1] : "inMemory,arrowFile,parquetFile,scanArrow,scanParquet").split(",")));
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            InMemory mem = new InMemory();
            if (which.contains("inMemory")) {
                mem.setUp();
            }
            PageStateFloorBenchmark.Events floor = new PageStateFloorBenchmark.Events();
            if (which.contains("loadState") || which.contains("updateState")) {
                floor.setUp();
            }
            Files0 files = new Files0();
            files.setUp();
            for (int round = 0; round < rounds; round++) {
                for (String w : which) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long process0 = os.getProcessCpuTime();
                    long wall0 = System.nanoTime();
                    long result;
                    switch (w) {
                        case "inMemory" -> result = new ReplayBenchmark().inMemory(mem);
                        case "arrowFile" -> result = new ReplayBenchmark().arrowFile(files);
                        case "parquetFile" -> result = new ReplayBenchmark().parquetFile(files);
                        case "scanArrow" -> result = scan(files.arrow);
                        case "scanParquet" -> result = scan(files.parquet);
                        case "loadState" -> result = new PageStateFloorBenchmark().loadState(floor);
                        case "updateState" -> result = new PageStateFloorBenchmark().updateState(floor);
                        default -> throw new IllegalArgumentException("unknown measurement " + w);
                    }
                    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                    long process = os.getProcessCpuTime() - process0;
                    long wall = System.nanoTime() - wall0;
                    long rows = ROWS;
                    System.out.printf("%-12s round %d: %7.2f M events per CPU-second (process %7.2f M), %7.2f M per "
                            + "wall-second, %6.3f CPU-s (%d)%n", w, round, rows * 1e3 / cpu, rows * 1e3 / process,
                            rows * 1e3 / wall, cpu / 1e9, result);
                }
            }
        }

        private static long scan(Path file) {
            long acc = 0;
            try (MemoryTraceReader r = Traces.openMemory(file)) {
                MemoryBatch b = new MemoryBatch();
                while (r.next(b)) {
                    for (int i = 0; i < b.size; i++) {
                        acc += (b.gpa[i] ^ b.timeNanos[i]) + b.vcpu[i] + b.lengthBytes[i] + b.op[i];
                    }
                }
            }
            return acc;
        }
    }

    /** Hands out already-decoded batches by reference: no copy, no validation (they were validated once). */
    static final class PrebuiltBatches implements MemoryTraceReader {
        private final List<MemoryBatch> batches;
        private final VmManifest manifest;
        private int next;

        PrebuiltBatches(List<MemoryBatch> batches, VmManifest manifest) {
            this.batches = batches;
            this.manifest = manifest;
        }

        @Override
        public VmManifest manifest() {
            return manifest;
        }

        @Override
        public long rowCount() {
            long n = 0;
            for (MemoryBatch b : batches) {
                n += b.size;
            }
            return n;
        }

        @Override
        public Path path() {
            return null;
        }

        @Override
        public boolean next(MemoryBatch batch) {
            if (next == batches.size()) {
                batch.size = 0;
                return false;
            }
            MemoryBatch b = batches.get(next++);
            batch.timeNanos = b.timeNanos;
            batch.vcpu = b.vcpu;
            batch.gpa = b.gpa;
            batch.lengthBytes = b.lengthBytes;
            batch.op = b.op;
            batch.size = b.size;
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
