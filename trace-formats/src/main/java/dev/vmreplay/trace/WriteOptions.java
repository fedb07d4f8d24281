package dev.vmreplay.trace;

/**
 * Options for writing a trace.
 *
 * @param rowGroupRows rows per Parquet row group, or per Arrow record batch; > 0. Bounds the
 *     writer's memory: one row group is buffered (compressed) before it goes to disk.
 * @param zstdLevel ZSTD level for Parquet, 1..22 (3 is the usual speed/size balance)
 */
public record WriteOptions(int rowGroupRows, int zstdLevel) {
    /** 1M rows: a few MB compressed per row group, large enough that per-group work vanishes in a scan. */
    public static final int DEFAULT_ROW_GROUP_ROWS = 1 << 20;

    public WriteOptions {
        if (rowGroupRows <= 0) {
            throw new IllegalArgumentException("rowGroupRows must be > 0, was " + rowGroupRows);
        }
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstdLevel must be in 1..22, was " + zstdLevel);
        }
    }

    public static WriteOptions defaults() {
        return new WriteOptions(DEFAULT_ROW_GROUP_ROWS, 3);
    }

    public WriteOptions withRowGroupRows(int rows) {
        return new WriteOptions(rows, zstdLevel);
    }
}
