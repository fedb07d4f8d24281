package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * What a batch of trace rows of either kind ({@link MemoryBatch}, {@link IoBatch}) offers the code that
 * moves rows without looking at them: readers, in-memory traces, writer decorators. Rows
 * {@code [0, size())} of the primitive columns are valid; a batch is refilled in place.
 *
 * @param <B> the batch type itself
 */
public interface TraceBatch<B extends TraceBatch<B>> {
    /** Valid rows. */
    int size();

    /** Declares rows {@code [0, rows)} valid after the columns were filled directly. */
    void setSize(int rows);

    void clear();

    /** Grows every column to hold at least {@code rows}, keeping the valid rows. */
    void ensureCapacity(int rows);

    /** The column arrays in the kind's schema order ({@link TraceSchema}), for columnar sources to fill. */
    Object[] columnArrays();

    /** Makes this batch rows {@code [first, first + rows)} of {@code from}. */
    void copyRows(B from, int first, int rows);

    /**
     * Checks the valid rows as every reader does ({@link MemoryRowValidator}, {@link IoRowValidator}).
     *
     * @param file     where the rows come from (null for in-memory rows), for the error
     * @param rowGroup the row group (or record batch) they come from, -1 when unknown
     * @param firstRow the trace row of this batch's row 0
     * @param lastTimeNanos time of the row before this batch ({@code Long.MIN_VALUE} at the start)
     * @return the time of this batch's last row
     * @throws TraceFormatException on a broken rule
     */
    long validate(Path file, int rowGroup, long firstRow, VmManifest manifest, long lastTimeNanos);
}
