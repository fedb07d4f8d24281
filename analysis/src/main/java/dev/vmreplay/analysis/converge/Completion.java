package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Outcome;

/** Whether a migration completes, from its {@link Outcome}. */
public enum Completion {
    /** converged, completed, paused or postcopy-fallback: the guest runs at the destination. */
    COMPLETES("yes"),
    /** forced: the guest reached the destination only because a stuck pre-copy was switched over anyway. */
    FORCED("forced"),
    /** aborted or timed-out: the guest is still on the source. */
    FAILS("no");

    private final String label;

    Completion(String label) {
        this.label = label;
    }

    /** {@code yes}, {@code forced} or {@code no}: the {@code completes} field of the JSON output. */
    public String label() {
        return label;
    }

    /** The completion of a run whose outcome label is {@code outcomeLabel}. */
    public static Completion of(String outcomeLabel) {
        Outcome o = Outcome.ofLabel(outcomeLabel);
        if (!o.migrated()) {
            return FAILS;
        }
        return o == Outcome.FORCED ? FORCED : COMPLETES;
    }
}
