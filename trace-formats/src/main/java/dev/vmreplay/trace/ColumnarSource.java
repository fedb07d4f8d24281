package dev.vmreplay.trace;

import java.nio.file.Path;

/**
 * A stored trace seen as its schema's columns ({@link TraceSchema} order, {@code Object[]} of
 * primitive arrays). Implemented per storage format; {@link ColumnarMemoryTraceReader} and
 * {@link ColumnarIoTraceReader} add manifests and row validation on top. Reads never cross a row
 * group (Parquet) or record batch (Arrow), so every batch has one group index for messages.
 */
public interface ColumnarSource extends AutoCloseable {
    Path file();

    /** Rows recorded in the file's footer. */
    long rowCount();

    /** Row groups (Parquet) or record batches (Arrow IPC). */
    int groupCount();

    /** Manifest JSON stored in the file, or null. */
    String storedManifestJson();

    /**
     * Decodes up to {@code maxRows} rows into {@code arrays}.
     *
     * @return rows decoded, 0 at the end
     * @throws TraceFormatException on a damaged file or a value that does not fit its column
     */
    int read(Object[] arrays, int maxRows);

    /** Row group / record batch of the rows returned by the last {@link #read}. */
    int lastReadGroup();

    /** File row index of the first row returned by the last {@link #read}. */
    long lastReadFirstRow();

    /**
     * Largest value of column {@code column} taken from file metadata without reading the data, or
     * null when the file does not record it everywhere.
     */
    default Long metadataMax(int column) {
        return null;
    }

    /** Smallest value of column {@code column} from file metadata, or null (see {@link #metadataMax}). */
    default Long metadataMin(int column) {
        return null;
    }

    @Override
    void close();
}
