/**
 * The discrete-event replay of a guest migrated while it runs (DESIGN.md section 3).
 *
 * <p>Public: {@link dev.vmreplay.engine.ReplayEngine} runs one trace with one
 * {@link dev.vmreplay.engine.MigrationConfig} (its specs {@link dev.vmreplay.engine.RunSpec},
 * {@link dev.vmreplay.engine.PrecopySpec}, {@link dev.vmreplay.engine.TraceSpec} live here too), named
 * configurations are {@link dev.vmreplay.engine.Presets}, settings that cannot change a run are reported
 * by {@link dev.vmreplay.engine.IneffectiveSettings}, and the outcome is a
 * {@link dev.vmreplay.engine.RunResult} ({@link dev.vmreplay.engine.Metrics},
 * {@link dev.vmreplay.engine.PassStats}).
 *
 * <p>One run, package-private: {@code Replay} builds the parts and feeds the recording to
 * {@code GuestEvents} (the hot event path), which advance the {@code MigrationTimeline} (the migration's
 * state machine); during pre-copy held events go through the span path ({@code SpanPath},
 * {@code EventSpan}, {@code SpanKeys}). The timeline drives the {@code PrecopySender} (with its
 * {@code BandwidthSample}), which puts pages on the link through {@code PageTransfer} to the destination
 * model. {@code StallClock} is the clock and the per-vCPU stalls, {@code SourcePages} the source bitmaps,
 * write traces and integrity check; {@code ThrottleTicks}, {@code PostcopyPages}, {@code RunMetrics} and
 * {@code NoIoReplay} complete it.
 *
 * <p>Subpackages: {@code config} (keys and their declarations), {@code link}, {@code source} (page
 * state, write traces, trace installs), {@code technique} (switch-over, sync and stuck policies),
 * {@code destination}, {@code sriov}, and {@code loop} (looped recordings).
 */
package dev.vmreplay.engine;
