/**
 * Will this VM migrate ({@code vmreplay converge})? Per preset, one replay says whether the migration
 * completes, when and how ({@link dev.vmreplay.analysis.converge.ConvergenceVerdict}); for one that does not,
 * {@link dev.vmreplay.analysis.converge.FixSearch} searches, on the replay itself, the smallest single change
 * that makes it complete: the downtime limit, the bandwidth cap or link rate, auto-converge, or post-copy.
 * Replays come through {@link dev.vmreplay.analysis.converge.PresetReplay}, so tests use fakes whose answer is
 * known.
 */
package dev.vmreplay.analysis.converge;
