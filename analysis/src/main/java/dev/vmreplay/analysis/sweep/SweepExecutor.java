package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunRecord;
import dev.vmreplay.analysis.results.RunSpec;

import java.util.List;
import java.util.Objects;

/**
 * Where the runs of a sweep execute: on a local thread pool ({@link SweepRunner}'s default) or
 * elsewhere (module {@code spark} runs each run as a Spark task). {@link SweepRunner} keeps the rest
 * the same whatever the executor: the directory lock, which runs are kept from before, storing
 * each finished run at once and the results tables in run order.
 */
public interface SweepExecutor extends AutoCloseable {
    /**
     * Runs each run once and hands over its record as soon as it has finished.
     *
     * @param runs the runs to run
     * @param fingerprints the input fingerprint of each run, for its record
     * @param finished called once per finished run, possibly from several threads at once
     * @throws RunFailedException for a run that failed; runs under way may still finish and be handed over
     */
    void runAll(List<RunSpec> runs, List<String> fingerprints, Finished finished);

    /** Receives the record of each finished run. */
    interface Finished {
        void run(RunSpec spec, RunRecord record);
    }

    /** Releases what the executor holds (threads, a Spark context). */
    @Override
    default void close() {
    }

    /** A run failed; {@code getCause()} says why. */
    final class RunFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RunSpec run;

        public RunFailedException(RunSpec run, Throwable cause) {
            super(cause.getMessage(), Objects.requireNonNull(cause, "cause"));
            this.run = run;
        }

        public RunSpec run() {
            return run;
        }
    }
}
