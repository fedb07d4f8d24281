package dev.vmreplay.spark;

import dev.vmreplay.analysis.EngineBackend;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.sweep.GridParser;
import dev.vmreplay.analysis.sweep.SweepListener;
import dev.vmreplay.analysis.sweep.SweepRunner;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sweep driver in its own JVM, for tests that kill it: {@code GRID OUT MASTER STOP_AFTER}.
 * After STOP_AFTER runs are stored it prints {@link #STOPPED} and blocks where it is, with the
 * sweep's lock held and other runs still under way, until it is killed.
 */
public final class SweepDriverMain {
    static final String STOPPED = "stopped after the stored runs";

    public static void main(String[] args) throws Exception {
        List<RunSpec> runs = new GridParser(new EngineBackend()).parse(Path.of(args[0])).runs();
        int stopAfter = Integer.parseInt(args[3]);
        AtomicInteger stored = new AtomicInteger();
        SweepListener listener = new SweepListener() {
            @Override
            public void finished(RunSpec run, int done, int total) {
                if (stored.incrementAndGet() == stopAfter) {
                    System.out.println(STOPPED);
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (SparkSweepRunner spark = new SparkSweepRunner(args[2])) {
            new SweepRunner(spark, listener).run(runs, Path.of(args[1]));
        }
        System.out.println("the sweep ended without being killed");
    }
}
