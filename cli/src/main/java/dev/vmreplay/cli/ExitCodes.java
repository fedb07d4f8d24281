package dev.vmreplay.cli;

/** Process exit codes of {@code vmreplay} (DESIGN.md section 6). */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Internal error: a bug or an environment failure the user did not cause. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input or configuration: one line on stderr names what is wrong. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
