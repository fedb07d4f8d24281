package dev.vmreplay.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: include with {@code @Mixin VerboseOption verbose;}. The error handler looks the
 * option up by name in the parse result, so a command only has to include the mixin to get stack
 * traces on failure.
 */
public final class VerboseOption {
    public static final String NAME = "--verbose";

    @Option(names = NAME, description = "On failure, print the full stack trace after the one-line message.")
    private boolean verbose;

    public boolean isVerbose() {
        return verbose;
    }
}
