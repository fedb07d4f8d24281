package dev.vmreplay.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports throughput per second of CPU time used by the benchmark process, beside JMH's throughput
 * per wall second. On a shared machine (2 cores, several jobs) wall time includes the time other
 * processes held the core; CPU time does not, so this score is what the code costs. It counts
 * every thread of the process (JIT and GC included, small after warm-up) and every operation the
 * iteration ran, synchronisation phases included.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TraceScan -prof dev.vmreplay.bench.ProcessCpuProfiler}
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStartNanos;

    @Override
    public String getDescription() {
        return "operations per second of process CPU time";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStartNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - cpuAtStartNanos;
        long ops = result.getMetadata().getAllOps();
        if (cpuNanos <= 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("ops.per.cpu.second", ops * 1e9 / cpuNanos, "ops/cpu-s", AggregationPolicy.AVG));
    }
}
