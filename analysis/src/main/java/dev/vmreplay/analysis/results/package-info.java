/**
 * The results of a batch of runs (DESIGN.md section 5): one row per trace x configuration
 * ({@code results.parquet}, {@code results.csv}) and one row per pre-copy pass
 * ({@code passes.parquet}), plus the per-run record files a sweep persists as it goes so it can
 * resume. {@link dev.vmreplay.analysis.results.ResultColumns} is the schema contract.
 */
package dev.vmreplay.analysis.results;
