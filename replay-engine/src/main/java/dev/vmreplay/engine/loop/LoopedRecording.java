package dev.vmreplay.engine.loop;

import dev.vmreplay.trace.TraceReader;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The readers of a recording that {@code trace.end = loop} may replay again and again, with the copy
 * bookkeeping of {@link TraceCopies}: the memory replay and the IO replay read their recordings through
 * one of these each. Copy 0 is read from the reader the run was given (its owner closes it); every further
 * copy from a reader opened again here, checked to describe the same machine, and closed here.
 *
 * <p>Use: {@link #read} after every batch, {@link #copyEnded} when {@link #reader()} is exhausted, then,
 * when it returned true and the run wants more, {@link #nextCopy}; {@link #close} at the end.
 */
public final class LoopedRecording<R extends TraceReader<?>> implements AutoCloseable {
    private final R first;
    private final Supplier<? extends R> reopen;
    private final String label;
    private final TraceCopies copies;
    private R current;

    /**
     * @param first copy 0's reader, not closed here
     * @param reopenOrNull opens the recording from its start again; null replays it once
     * @param label what the recording is, for messages ("memory trace", "IO trace")
     */
    public LoopedRecording(R first, Supplier<? extends R> reopenOrNull, String label) {
        this.first = Objects.requireNonNull(first, "first");
        this.reopen = reopenOrNull;
        this.label = label;
        this.copies = new TraceCopies(reopenOrNull != null, label);
        this.current = first;
    }

    /** The reader of the current copy. */
    public R reader() {
        return current;
    }

    /** {@code n} rows of the current copy were read, the last at (unshifted) trace time {@code lastTimeNanos}. */
    public void read(int n, long lastTimeNanos) {
        copies.read(n, lastTimeNanos);
    }

    /** The current copy's reader is exhausted; true when another copy may follow (see {@link TraceCopies#copyEnded}). */
    public boolean copyEnded() {
        return copies.copyEnded();
    }

    /**
     * Opens the next copy (after {@link #copyEnded} returned true), closing the current one unless it is copy 0.
     *
     * @throws IllegalArgumentException naming {@code trace.end} past {@link TraceCopies#MAX_COPIES}
     * @throws IllegalStateException when the reopened recording describes another machine
     */
    public void nextCopy() {
        copies.next();
        if (current != first) {
            R done = current;
            current = first; // closed once, even when reopening fails
            done.close();
        }
        R next = reopen.get();
        current = next;
        if (!next.manifest().equals(first.manifest())) {
            throw new IllegalStateException("trace.end=loop: the " + label + "'s manifest changed between copies");
        }
    }

    /** Shift of the current copy, ns. */
    public long offsetNanos() {
        return copies.offsetNanos();
    }

    /** Index of the current copy, 0 for the recording itself. */
    public int copy() {
        return copies.copy();
    }

    /** Shift of the copy after the current one, ns (known once copy 0 ended). */
    public long nextOffsetNanos() {
        return copies.nextOffsetNanos();
    }

    /** Closes the current copy's reader unless it is copy 0's. */
    @Override
    public void close() {
        if (current != first) {
            R done = current;
            current = first;
            done.close();
        }
    }
}
