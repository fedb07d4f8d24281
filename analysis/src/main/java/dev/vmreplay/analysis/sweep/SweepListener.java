package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunSpec;

/** Hears how a sweep advances; called from worker threads, so implementations synchronise. */
public interface SweepListener {
    SweepListener NONE = new SweepListener() {
    };

    /** Before the first run: {@code total} runs, of which {@code alreadyDone} are kept from an earlier sweep. */
    default void started(int total, int alreadyDone) {
    }

    /** A run finished and its record is stored; {@code done} counts kept runs too. */
    default void finished(RunSpec run, int done, int total) {
    }

    /** Every run finished (or the sweep failed). */
    default void ended() {
    }
}
