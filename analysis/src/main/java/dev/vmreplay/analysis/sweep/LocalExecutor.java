package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The local executor: runs on a fixed pool of threads in this JVM. */
final class LocalExecutor implements SweepExecutor {
    private final ReplayBackend backend;
    private final int threads;

    LocalExecutor(ReplayBackend backend, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.backend = backend;
        this.threads = threads;
    }

    @Override
    public void runAll(List<RunSpec> todo, List<String> fingerprints, Finished finished) {
        if (todo.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, todo.size()), r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<RunSpec> completions = new ExecutorCompletionService<>(pool);
        List<Future<RunSpec>> futures = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            RunSpec spec = todo.get(i);
            String fingerprint = fingerprints.get(i);
            futures.add(completions.submit(() -> {
                RunResult result = backend.run(spec);
                finished.run(spec, RunRecord.of(spec, fingerprint, result));
                return spec;
            }));
        }
        try {
            for (int i = 0; i < todo.size(); i++) {
                Future<RunSpec> f = completions.take();
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RunSpec failed = todo.get(futures.indexOf(f));
                    pool.shutdownNow();
                    awaitQuietly(pool);
                    throw new RunFailedException(failed, e.getCause() == null ? e : e.getCause());
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted; finished runs are kept", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            // Runs already under way finish and are stored; nothing new starts.
            pool.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
