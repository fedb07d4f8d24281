package dev.vmreplay.bench;

import dev.vmreplay.engine.source.Bitmap;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
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
 * The floor under {@link ReplayBenchmark}: what the least a replay must do per event costs on this
 * machine, for the same events (one operation = one trace row). Every write reads and writes its page's
 * state words; on the benchmark guest a quarter of the writes land anywhere in 64 GiB, whose state (four
 * bits per page, interleaved as the engine keeps them: {@link Bitmap#interleaved}) is 8 MiB, so those are
 * mostly cache misses, and how many of them overlap decides the rate.
 *
 * <ul>
 *   <li>{@code loadState}: one load of each event's state word, the loads independent of each other (as
 *       many misses in flight as the core allows): the cost of the memory traffic alone.</li>
 *   <li>{@code updateState}: what every write does to the page state before anything else in the engine
 *       (set the written-since-sent bit, clear the zero bit), with the state of 256 events loaded ahead in
 *       one loop as the engine does: the cost of a replay that sends nothing, traces nothing and reads
 *       its events from an array.</li>
 * </ul>
 * A replay that also keeps write traces, stalls vCPUs and sends pages cannot beat {@code updateState}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ReplayBenchmark.ROWS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class PageStateFloorBenchmark {
    /** Events whose state is loaded ahead, as the engine's {@code Replay.PREFETCH_EVENTS}. */
    private static final int AHEAD = 256;

    @State(Scope.Benchmark)
    public static class Events {
        /** The page numbers the benchmark trace's rows write, in trace order. */
        long[] pages;
        Bitmap[] state;

        @Setup(Level.Trial)
        public void setUp() {
            Path arrow = BenchTraces.memoryTrace(ReplayBenchmark.ROWS, "arrow");
            pages = new long[ReplayBenchmark.ROWS];
            int n = 0;
            try (MemoryTraceReader r = Traces.openMemory(arrow)) {
                MemoryBatch b = new MemoryBatch();
                while (r.next(b)) {
                    for (int i = 0; i < b.size; i++) {
                        pages[n++] = b.gpa[i] >>> 12;
                    }
                }
                state = Bitmap.interleaved(r.manifest().smallPages(), 4);
            }
            if (n != pages.length) {
                throw new IllegalStateException("decoded " + n + " rows, expected " + pages.length);
            }
        }
    }

    @Benchmark
    public long loadState(Events s) {
        long[] pages = s.pages;
        Bitmap stale = s.state[0];
        long acc = 0;
        for (long p : pages) {
            acc += stale.touchPage(p);
        }
        return acc;
    }

    @Benchmark
    public long updateState(Events s) {
        long[] pages = s.pages;
        Bitmap stale = s.state[0];
        Bitmap zero = s.state[1];
        long acc = 0;
        for (int chunk = 0; chunk < pages.length; chunk += AHEAD) {
            int end = Math.min(pages.length, chunk + AHEAD);
            for (int i = chunk; i < end; i++) {
                acc += stale.touchPage(pages[i]);
            }
            for (int i = chunk; i < end; i++) {
                long p = pages[i];
                stale.set(p);
                zero.clear(p);
            }
        }
        return acc;
    }
}
