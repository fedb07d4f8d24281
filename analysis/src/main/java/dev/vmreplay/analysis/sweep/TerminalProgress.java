package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.units.Human;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress display with ETA for a terminal ({@code \r}-rewritten on stderr). The ETA
 * is the mean time per run so far (counting only runs done in this session) times the runs left.
 */
public final class TerminalProgress implements SweepListener {
    private final PrintStream out;
    private final LongSupplier clockNanos;
    private long startNanos;
    private int keptAtStart;
    private int lastLength;

    public TerminalProgress(PrintStream out) {
        this(out, System::nanoTime);
    }

    TerminalProgress(PrintStream out, LongSupplier clockNanos) {
        this.out = out;
        this.clockNanos = clockNanos;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        startNanos = clockNanos.getAsLong();
        keptAtStart = alreadyDone;
        if (alreadyDone > 0) {
            out.println(alreadyDone + " of " + total + " runs already done, resuming");
        }
        print(line(alreadyDone, total, null));
    }

    @Override
    public synchronized void finished(RunSpec run, int done, int total) {
        print(line(done, total, run));
    }

    @Override
    public synchronized void ended() {
        if (lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }

    String line(int done, int total, RunSpec last) {
        StringBuilder sb = new StringBuilder();
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        sb.append(String.format("[%d/%d] %3d%%", done, total, percent));
        int doneHere = done - keptAtStart;
        if (doneHere > 0 && done < total) {
            long elapsed = clockNanos.getAsLong() - startNanos;
            long eta = (long) ((double) elapsed / doneHere * (total - done));
            sb.append("  ETA ").append(Human.nanosBrief(eta));
        }
        if (last != null) {
            sb.append("  ").append(last.traceName()).append(' ').append(last.preset());
            if (!last.overrides().isEmpty()) {
                sb.append(' ').append(last.overridesText());
            }
        }
        return sb.toString();
    }

    private void print(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }
}
