/**
 * Parquet storage of traces through parquet-mr without a Hadoop install ({@code LocalInputFile},
 * {@code LocalOutputFile}, {@code PlainParquetConfiguration}).
 *
 * <p>Writers go below the record API: one {@code ColumnWriter} per column, ZSTD, delta encoding for
 * time and addresses, dictionaries for small domains, one row group per {@code rowGroupRows}.
 * Readers decode pages straight into the batch's primitive arrays and accept what other tools write
 * (OPTIONAL columns without nulls, INT32 with or without an INT(8)/INT(16) annotation, any column
 * order, extra columns).
 */
package dev.vmreplay.trace.parquet;
