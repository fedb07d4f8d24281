/**
 * Batch sweeps ({@code vmreplay sweep}): a YAML grid of traces x presets x parameter axes,
 * validated up front with line numbers ({@link dev.vmreplay.analysis.sweep.GridParser}), run in
 * parallel with every finished run persisted at once so a stopped sweep resumes
 * ({@link dev.vmreplay.analysis.sweep.SweepRunner}).
 */
package dev.vmreplay.analysis.sweep;
