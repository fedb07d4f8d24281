package dev.vmreplay.bench;

import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Companion to {@link TraceScanBenchmark} for shared, busy machines: scans the same trace files and
 * reports rows per second of this thread's CPU time as well as of wall time, so a score is not
 * diluted by other processes taking the cores. Not a JMH benchmark (no forking, simple warm-up):
 * trust JMH on a quiet machine, this one on a loaded machine.
 *
 * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.vmreplay.bench.ScanCpuTime [rows] [rounds]}; add {@code -Dvmreplay.arrow.shareMappings=false} to map
 * the Arrow file afresh in every round (every round after the first otherwise reuses the mapping).
 */
public final class ScanCpuTime {
    private ScanCpuTime() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : TraceScanBenchmark.ROWS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String format : new String[] {"parquet", "arrow"}) {
            Path file = BenchTraces.memoryTrace(rows, format);
            for (int round = 0; round < rounds; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                long acc = 0;
                long n = 0;
                try (MemoryTraceReader r = Traces.openMemory(file)) {
                    MemoryBatch b = new MemoryBatch();
                    while (r.next(b)) {
                        n += b.size;
                        for (int i = 0; i < b.size; i++) {
                            acc += (b.gpa[i] ^ b.timeNanos[i]) + b.vcpu[i] + b.lengthBytes[i] + b.op[i];
                        }
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long wall = System.nanoTime() - wall0;
                System.out.printf("%-8s round %d: %6.1f M rows per CPU-second, %6.1f M rows per wall-second (%d rows, %d)%n",
                        format, round, n * 1e3 / cpu, n * 1e3 / wall, n, acc);
            }
        }
    }
}
