package dev.vmreplay.cli;

import picocli.CommandLine.Option;

/** {@code --threads N}: how many replays run at once (sweep, plan, demo); all cores by default. */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Replays at once (default: all cores, ${DEFAULT-VALUE}).")
    private int threads = Runtime.getRuntime().availableProcessors();

    /** The validated count. */
    int count() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
        }
        return threads;
    }
}
