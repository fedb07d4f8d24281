package dev.vmreplay.engine;

/**
 * A page's content at the destination is not its last content at the source when the guest resumes
 * (or, for post-copy, when the last page has arrived). Always a bug in the engine: the run stops.
 */
public final class IntegrityViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IntegrityViolation(String message) {
        super(message);
    }
}
