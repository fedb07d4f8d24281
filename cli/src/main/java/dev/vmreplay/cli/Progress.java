package dev.vmreplay.cli;

import dev.vmreplay.units.Human;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr for long work, only when stderr is a terminal (the {@code ./vmreplay} launcher
 * sets {@value #TTY_ENV} when it is; Java cannot tell by itself). At most a few updates a second,
 * overwritten in place and erased at the end, so no trace of it stays in a terminal or a log.
 */
final class Progress {
    static final String TTY_ENV = "VMREPLAY_STDERR_IS_TTY";
    private static final long UPDATE_EVERY_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private long lastUpdateNanos;
    private boolean shown;

    private Progress(PrintWriter err, String label, long total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = enabled;
        this.lastUpdateNanos = System.nanoTime();
    }

    /** @param total units of work expected, or <= 0 when unknown */
    static Progress start(PrintWriter err, String label, long total) {
        return new Progress(err, label, total, "1".equals(System.getenv(TTY_ENV)));
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastUpdateNanos < UPDATE_EVERY_NANOS) {
            return;
        }
        lastUpdateNanos = now;
        String text = total > 0
                ? String.format(Locale.ROOT, "%s: %s / %s rows (%.0f%%)", label, Human.count(done),
                        Human.count(total), 100.0 * done / total)
                : label + ": " + Human.count(done) + " rows";
        err.print("\r\033[K" + text);
        err.flush();
        shown = true;
    }

    void finish() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
