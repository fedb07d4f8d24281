/**
 * Comparison reports ({@code vmreplay report}): Tablesaw turns a results directory into per-trace
 * comparisons with ratios to a baseline preset and per-technique effects in isolation
 * ({@link dev.vmreplay.analysis.report.Comparison}); JFreeChart draws the charts as PNG
 * ({@link dev.vmreplay.analysis.report.ChartRenderer}); the writer emits one self-contained HTML
 * file (charts as data URIs, no external request) and a Markdown twin with PNG files beside it.
 */
package dev.vmreplay.analysis.report;
