package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.units.Human;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines on stderr for when it is not a terminal (a log, a CI job, a pipe): a line
 * when a run finishes (at most one a second, and always the last), and a line after every
 * {@value #QUIET_SECONDS} s without one, so a long run is never silent. Lines are never rewritten.
 */
public final class LogProgress implements SweepListener {
    static final long QUIET_SECONDS = 10;
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
    private static final long MIN_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintWriter err;
    private final String label;
    private final LongSupplier clockNanos;
    private final boolean heartbeat;
    private ScheduledExecutorService ticker;
    private long startNanos;
    private long lastLineNanos;
    private int done;
    private int total;

    /** @param label what runs, such as "sweep" or "plan" */
    public LogProgress(PrintWriter err, String label) {
        this(err, label, System::nanoTime, true);
    }

    LogProgress(PrintWriter err, String label, LongSupplier clockNanos, boolean heartbeat) {
        this.err = err;
        this.label = label;
        this.clockNanos = clockNanos;
        this.heartbeat = heartbeat;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        this.total = total;
        this.done = alreadyDone;
        startNanos = clockNanos.getAsLong();
        lastLineNanos = startNanos;
        if (heartbeat && ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, label + "-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** {@code total} <= 0 when not known in advance (plan searches until it has its answer). */
    @Override
    public synchronized void finished(RunSpec run, int done, int total) {
        this.done = Math.max(this.done, done);
        this.total = total;
        long now = clockNanos.getAsLong();
        if (now - lastLineNanos < MIN_GAP_NANOS && (total <= 0 || done < total)) {
            return;
        }
        StringBuilder sb = new StringBuilder(count()).append(" finished ").append(run.traceName()).append(' ')
                .append(run.preset());
        if (!run.overrides().isEmpty()) {
            sb.append(' ').append(run.overridesText());
        }
        line(now, sb.toString());
    }

    /** Prints a line when nothing was printed for {@value #QUIET_SECONDS} s. */
    synchronized void tick() {
        long now = clockNanos.getAsLong();
        if (now - lastLineNanos >= QUIET_NANOS) {
            line(now, count() + " still running, " + Human.nanosBrief(now - startNanos) + " so far");
        }
    }

    @Override
    public synchronized void ended() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private String count() {
        return total > 0 ? "[" + done + "/" + total + "]" : "[" + done + " runs]";
    }

    private void line(long now, String text) {
        lastLineNanos = now;
        err.println(label + ": " + text);
        err.flush();
    }
}
