package dev.vmreplay.bench;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Scan throughput of a 50M-row memory trace, in rows per second (one operation = one row): the
 * Parquet reader into primitive arrays, the memory-mapped Arrow IPC reader, and as references the
 * in-memory reader (copy + validate, no decoding) and a bare loop over already-decoded arrays. Every
 * variant runs the same consumer over every column, so the differences are decoding and copying.
 * File sizes per row are printed during setup. The Arrow reader runs twice: reusing the file's
 * mapping across opens (what repeated replays in one process get) and mapping it afresh on every
 * open (the first replay of a file in a process; the page faults are the difference). On a shared
 * machine add {@code -prof dev.vmreplay.bench.ProcessCpuProfiler} for rows per CPU second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TraceScanBenchmark.ROWS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class TraceScanBenchmark {
    static final int ROWS = 50_000_000;

    @State(Scope.Benchmark)
    public static class Files0 {
        Path parquet;
        Path arrow;

        @Setup(Level.Trial)
        public void setUp() {
            parquet = BenchTraces.memoryTrace(ROWS, "parquet");
            arrow = BenchTraces.memoryTrace(ROWS, "arrow");
            printSize("parquet", parquet);
            printSize("arrow", arrow);
        }

        private static void printSize(String name, Path file) {
            try {
                long bytes = Files.size(file);
                System.out.printf("%n%s: %s, %d bytes, %.2f bytes/row%n", name, file, bytes, bytes / (double) ROWS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The whole trace decoded once into one batch of 50M rows (about 1.25 GB of heap). */
    @State(Scope.Benchmark)
    public static class Decoded {
        MemoryBatch all;
        InMemoryMemoryTrace trace;

        @Setup(Level.Trial)
        public void setUp() {
            Path arrow = BenchTraces.memoryTrace(ROWS, "arrow");
            all = new MemoryBatch(ROWS);
            try (MemoryTraceReader r = Traces.openMemory(arrow)) {
                MemoryBatch b = new MemoryBatch();
                while (r.next(b)) {
                    System.arraycopy(b.timeNanos, 0, all.timeNanos, all.size, b.size);
                    System.arraycopy(b.vcpu, 0, all.vcpu, all.size, b.size);
                    System.arraycopy(b.gpa, 0, all.gpa, all.size, b.size);
                    System.arraycopy(b.lengthBytes, 0, all.lengthBytes, all.size, b.size);
                    System.arraycopy(b.op, 0, all.op, all.size, b.size);
                    all.size += b.size;
                }
                trace = new InMemoryMemoryTrace(all, r.manifest());
            }
            if (all.size != ROWS) {
                throw new IllegalStateException("decoded " + all.size + " rows, expected " + ROWS);
            }
        }
    }

    /** Per-row consumer touching every column; the result is returned so JMH keeps it alive. */
    private static long consume(MemoryBatch b, int from, int to, long acc) {
        final long[] t = b.timeNanos;
        final int[] cpu = b.vcpu;
        final long[] gpa = b.gpa;
        final int[] len = b.lengthBytes;
        final byte[] op = b.op;
        for (int i = from; i < to; i++) {
            acc += (gpa[i] ^ t[i]) + cpu[i] + len[i] + op[i];
        }
        return acc;
    }

    private static long scan(MemoryTraceReader reader) {
        try (reader) {
            MemoryBatch b = new MemoryBatch();
            long acc = 0;
            long rows = 0;
            while (reader.next(b)) {
                acc = consume(b, 0, b.size, acc);
                rows += b.size;
            }
            if (rows != ROWS) {
                throw new IllegalStateException("scanned " + rows + " rows, expected " + ROWS);
            }
            return acc;
        }
    }

    @Benchmark
    public long parquetReader(Files0 files) {
        return scan(Traces.openMemory(files.parquet));
    }

    /** Every open after the first reuses the file's mapping (the readers share it while it lives). */
    @Benchmark
    public long arrowIpcReader(Files0 files) {
        return scan(Traces.openMemory(files.arrow));
    }

    /** Every open maps the file afresh: the first replay of a file in a process pays these page faults. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms4g", "-Xmx4g",
        "-Dvmreplay.arrow.shareMappings=false"})
    public long arrowIpcReaderFreshMapping(Files0 files) {
        return scan(Traces.openMemory(files.arrow));
    }

    @Benchmark
    public long inMemoryReaderCopyAndValidate(Decoded decoded) {
        return scan(decoded.trace.reopen());
    }

    @Benchmark
    public long bareLoopOverDecodedArrays(Decoded decoded) {
        MemoryBatch all = decoded.all;
        long acc = 0;
        for (int from = 0; from < all.size; from += MemoryBatch.DEFAULT_CAPACITY) {
            acc = consume(all, from, Math.min(all.size, from + MemoryBatch.DEFAULT_CAPACITY), acc);
        }
        return acc;
    }
}
