package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunSpec;

/**
 * A run of a sweep failed. The runs that finished are stored; running the sweep again resumes
 * from them.
 */
public final class SweepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RunSpec failedRun;

    public SweepFailedException(RunSpec failedRun, int finished, int total, Throwable cause) {
        super("run failed (trace " + failedRun.traceName() + ", preset " + failedRun.preset()
                + (failedRun.overrides().isEmpty() ? "" : ", " + failedRun.overridesText()) + "): "
                + cause.getMessage() + "; " + finished + " of " + total
                + " runs are done and kept, run the sweep again to resume", cause);
        this.failedRun = failedRun;
    }

    public RunSpec failedRun() {
        return failedRun;
    }
}
