package dev.vmreplay.engine;

/** How a migration ended (result column {@code outcome}, DESIGN.md section 1). */
public enum Outcome {
    /** The mode has no switch-over decision: stop-and-copy, or post-copy switched on as planned. */
    COMPLETED("completed"),
    /** Pre-copy's downtime rule fired: the expected downtime fits the limit. */
    CONVERGED("converged"),
    /** A stuck pre-copy was switched over anyway ({@code precopy.on-stuck = force}, or throttling ran out of steps). */
    FORCED("forced"),
    /** The orchestrator paused the guest so pre-copy could finish ({@code orchestrator.timeout-action = pause}). */
    PAUSED("paused"),
    /** The orchestrator switched to post-copy on its timeout ({@code orchestrator.timeout-action = postcopy}). */
    POSTCOPY_FALLBACK("postcopy-fallback"),
    /** The migration was given up (on-stuck abort, or the orchestrator's abort): the guest stays on the source. */
    ABORTED("aborted"),
    /** The replay's own bound {@code migration.timeout} ended a pre-copy still iterating; no system decided. */
    TIMED_OUT("timed-out");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The value in results ({@code timed-out}). */
    public String label() {
        return label;
    }

    /** Whether the guest ended up running at the destination. */
    public boolean migrated() {
        return this != ABORTED && this != TIMED_OUT;
    }

    /** The outcome whose {@link #label()} is {@code label}. */
    public static Outcome ofLabel(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + label + "'");
    }
}
