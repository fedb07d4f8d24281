package dev.vmreplay.trace;

/** How a trace is stored on disk. */
public enum StorageFormat {
    /** Apache Parquet: storage and interchange (DuckDB, pandas, Spark). */
    PARQUET,
    /** Arrow IPC file format: the fast, memory-mapped local cache. */
    ARROW_IPC
}
