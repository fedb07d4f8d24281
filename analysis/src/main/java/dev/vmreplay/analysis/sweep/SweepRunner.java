package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.ReplayBackend;
import dev.vmreplay.analysis.cache.RemoteFiles;
import dev.vmreplay.analysis.cache.TraceLocation;
import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.analysis.results.RunStore;
import dev.vmreplay.analysis.results.ResultsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a list of runs on a fixed thread pool into a sweep directory.
 *
 * <p>Each finished run is stored at once as {@code DIR/runs/<run_id>.json} (atomically), so a
 * sweep stopped at any point keeps its finished work; running it again skips every run whose
 * record exists for unchanged input files. When all runs are stored, the results tables are
 * assembled from the stored records in run-list order: the files depend only on the runs, never
 * on thread scheduling or on how many sessions it took.
 */
public final class SweepRunner {
    private final SweepExecutor executor;
    private final SweepListener listener;

    public SweepRunner(ReplayBackend backend, int threads, SweepListener listener) {
        this(new LocalExecutor(backend, threads), listener);
    }

    /** A sweep whose runs execute on {@code executor} (for example as Spark tasks, module spark). */
    public SweepRunner(SweepExecutor executor, SweepListener listener) {
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
        this.listener = listener;
    }

    /** What a sweep did. */
    public record Outcome(List<RunRecord> records, int ran, int kept) {
    }

    /**
     * Runs what is not done yet and writes {@code results.parquet}, {@code results.csv} and
     * {@code passes.parquet} into {@code dir}.
     *
     * @throws SweepFailedException when a run fails (the other finished runs stay stored)
     */
    public Outcome run(List<RunSpec> runs, Path dir) {
        return run(runs, dir, () -> { });
    }

    /**
     * As {@link #run(List, Path)}, calling {@code onceLocked} when this sweep holds the directory and
     * before any run starts (the CLI keeps the grid file there). {@code DIR/.sweep.lock} is removed
     * when the sweep ends, whether it succeeded or failed.
     */
    public Outcome run(List<RunSpec> runs, Path dir, Runnable onceLocked) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        // One sweep per directory at a time: a second one would clean up the first's temporary files.
        Path lockPath = dir.resolve(LOCK_FILE);
        while (true) {
            try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                Object openedKey = fileKey(lockPath);
                try (FileLock lock = lockFile.tryLock()) {
                    if (lock == null) {
                        throw busy(dir, null);
                    }
                    // The sweep before us may have removed the file between our open and our lock: then
                    // we hold a lock on a file nobody else sees, so start again on the current one.
                    if (Files.notExists(lockPath) || !java.util.Objects.equals(openedKey, fileKey(lockPath))) {
                        continue;
                    }
                    try {
                        onceLocked.run();
                        return runLocked(runs, dir);
                    } finally {
                        // Removed while still held, so no other sweep can hold it in between.
                        Files.deleteIfExists(lockPath);
                    }
                }
            } catch (OverlappingFileLockException e) {
                throw busy(dir, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockPath + ": " + e.getMessage(), e);
            }
        }
    }

    /** The lock file a running sweep holds in its directory. */
    public static final String LOCK_FILE = ".sweep.lock";

    private static IllegalArgumentException busy(Path dir, Throwable cause) {
        return new IllegalArgumentException("another sweep is writing into " + dir + "; wait for it or use another --out",
                cause);
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private Outcome runLocked(List<RunSpec> runs, Path dir) {
        RunStore store = new RunStore(dir);
        removeStaleTemporaries(store.runsDir());
        List<RunSpec> todo = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        // Each trace is stat'ed once, not once per run: a grid repeats every trace for every preset and
        // setting, and a URI's status is a call to its filesystem (a namenode or object store).
        Map<TraceLocation, String> traceFingerprints = new HashMap<>();
        for (RunSpec spec : runs) {
            String fingerprint = fingerprint(spec, traceFingerprints);
            Optional<RunRecord> stored = store.load(spec.runId());
            if (stored.isEmpty() || !stored.get().inputFingerprint().equals(fingerprint)) {
                todo.add(spec);
                fingerprints.add(fingerprint);
            }
        }
        int total = runs.size();
        int kept = total - todo.size();
        listener.started(total, kept);
        try {
            runAll(todo, fingerprints, store, kept, total);
        } finally {
            listener.ended();
        }
        List<RunRecord> records = new ArrayList<>(total);
        for (RunSpec spec : runs) {
            records.add(store.load(spec.runId()).orElseThrow(() ->
                    new IllegalStateException("run record " + spec.runId() + " vanished from " + store.runsDir())));
        }
        ResultsWriter.writeAll(dir, records);
        return new Outcome(records, todo.size(), kept);
    }

    private void runAll(List<RunSpec> todo, List<String> fingerprints, RunStore store, int kept, int total) {
        if (todo.isEmpty()) {
            return;
        }
        AtomicInteger done = new AtomicInteger(kept);
        try {
            executor.runAll(todo, fingerprints, (spec, record) -> {
                store.save(record);
                listener.finished(spec, done.incrementAndGet(), total);
            });
        } catch (SweepExecutor.RunFailedException e) {
            throw new SweepFailedException(e.run(), done.get(), total, e.getCause());
        }
    }

    /**
     * Size and modification time of the trace files: a changed trace invalidates its stored runs. A
     * trace addressed by URI is fingerprinted by what its filesystem reports (Hadoop's FileStatus
     * length and modification time), so a sweep over remote traces resumes as a local one does.
     */
    private static String fingerprint(RunSpec spec, Map<TraceLocation, String> known) {
        StringBuilder sb = new StringBuilder(known.computeIfAbsent(spec.trace(), SweepRunner::fileFingerprint));
        if (spec.ioTrace() != null) {
            sb.append(';').append(known.computeIfAbsent(spec.ioTrace(), SweepRunner::fileFingerprint));
        }
        return sb.toString();
    }

    private static String fileFingerprint(TraceLocation location) {
        if (location.isRemote()) {
            return RemoteFiles.standard().status(location.uri()).fingerprint();
        }
        Path p = location.localPath();
        try {
            return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat trace " + location + ": " + e.getMessage(), e);
        }
    }

    private static void removeStaleTemporaries(Path runsDir) {
        if (!Files.isDirectory(runsDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(runsDir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + runsDir + ": " + e.getMessage(), e);
        }
    }
}
