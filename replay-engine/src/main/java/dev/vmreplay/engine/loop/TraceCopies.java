package dev.vmreplay.engine.loop;

/**
 * The copies of one recording that {@code trace.end = loop} replays back to back. Copy {@code k} is
 * the recording shifted by {@code k x period}, where the period is the trace time of copy 0's last
 * row, at least 1 ns: copies follow each other without overlap (times never decrease), and the gap
 * before a recording's first row repeats in every copy.
 *
 * <p>The recording is reopened for every copy, so each copy must hold copy 0's row count and end at
 * its last time; a recording that changes underneath the replay is an error, never a silently
 * different guest. An empty recording is never looped. Past {@link #MAX_COPIES} copies the run fails
 * with an {@link IllegalArgumentException} naming {@code trace.end}: a run that needs more copies
 * than that is almost surely a mistake (a recording of a few events against a long window) and
 * would otherwise replay for hours.
 *
 * <p>Use: {@link #read} after every batch of the current copy, {@link #copyEnded} when the copy's
 * reader is exhausted, then {@link #next} before reading the next copy.
 */
public final class TraceCopies {
    /**
     * Most copies one run may replay. 100,000 copies of a 1 s recording are 28 hours of guest time;
     * a 5 s recording covers the 2.3 hours QEMU's default 128 MiB/s takes for a 1 TiB guest in 1,640.
     */
    public static final int MAX_COPIES = 100_000;

    private final boolean loop;
    private final String traceLabel;
    private final int maxCopies;
    private int copy;
    private long offsetNanos;
    private long periodNanos;
    private long copy0Rows = -1;
    private long copy0LastNanos;
    private long rows;
    private long lastNanos;

    /**
     * @param loop true for {@code trace.end = loop}; false replays the recording once
     * @param traceLabel what the recording is, for messages ("memory trace", "IO trace")
     */
    public TraceCopies(boolean loop, String traceLabel) {
        this(loop, traceLabel, MAX_COPIES);
    }

    /** As above with a lower copy limit (tests of the limit). */
    public TraceCopies(boolean loop, String traceLabel, int maxCopies) {
        if (maxCopies < 1 || maxCopies > MAX_COPIES) {
            throw new IllegalArgumentException("maxCopies must be in 1.." + MAX_COPIES + ", was " + maxCopies);
        }
        this.loop = loop;
        this.traceLabel = traceLabel;
        this.maxCopies = maxCopies;
    }

    /** {@code n} rows of the current copy were read, the last at (unshifted) trace time {@code lastTimeNanos}. */
    public void read(int n, long lastTimeNanos) {
        if (n > 0) {
            rows += n;
            lastNanos = lastTimeNanos;
        }
    }

    /**
     * The current copy's reader is exhausted.
     *
     * @return true when another copy follows: looping is on and the recording is not empty
     * @throws IllegalStateException when this copy differs from copy 0 in rows or last time
     */
    public boolean copyEnded() {
        if (copy == 0) {
            copy0Rows = rows;
            copy0LastNanos = lastNanos;
            periodNanos = Math.max(1, lastNanos);
        } else if (rows != copy0Rows || lastNanos != copy0LastNanos) {
            throw new IllegalStateException("trace.end=loop: the " + traceLabel + " changed between copies: copy "
                    + copy + " has " + rows + " rows ending at t_ns " + lastNanos + ", copy 0 had " + copy0Rows
                    + " rows ending at t_ns " + copy0LastNanos);
        }
        return loop && copy0Rows > 0;
    }

    /**
     * Moves on to the next copy; call only after {@link #copyEnded} returned true.
     *
     * @throws IllegalArgumentException naming {@code trace.end} when the copy limit is reached
     */
    public void next() {
        if (copy0Rows <= 0 || !loop) {
            throw new IllegalStateException("no further copy of the " + traceLabel);
        }
        if (copy + 1 >= maxCopies) {
            throw new IllegalArgumentException("configuration key 'trace.end': loop replayed the " + traceLabel + " "
                    + maxCopies + " times (one copy spans " + periodNanos + " ns) and the migration or its "
                    + "post-resume window is still not over at trace time " + (offsetNanos + periodNanos)
                    + " ns; record a longer trace, start the migration earlier or shorten post-resume.window");
        }
        long next;
        try {
            next = Math.addExact(offsetNanos, periodNanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("configuration key 'trace.end': copy " + (copy + 1) + " of the "
                    + traceLabel + " would start beyond the largest representable trace time");
        }
        copy++;
        offsetNanos = next;
        rows = 0;
        lastNanos = 0;
    }

    /** Shift of the current copy: {@code copy() x period}, ns. */
    public long offsetNanos() {
        return offsetNanos;
    }

    /** Index of the current copy, 0 for the recording itself. */
    public int copy() {
        return copy;
    }

    /** Time shift between copies, ns; known once copy 0 ended, 0 before. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Shift of the copy after the current one, ns (the current shift plus the period; known once copy 0 ended). */
    public long nextOffsetNanos() {
        return offsetNanos + periodNanos;
    }
}
