package dev.vmreplay.engine;

import dev.vmreplay.engine.MigrationConfig.Mode;
import dev.vmreplay.engine.MigrationConfig.TraceEnd;
import dev.vmreplay.engine.config.ConfigRegistry;
import java.util.Objects;

/**
 * What runs and for how long: the migration mode, when it starts, the device state sent in the stun,
 * the replay after resume and the end of the recording. Defaults and ranges live in {@link ConfigRegistry}.
 *
 * @param mode {@code migration.mode}
 * @param migrationStartNanos {@code migration.start}: trace time at which the migration starts, 0..1000 h
 * @param deviceStateBytes {@code device.state-bytes}: device state sent in the stun after memory, 0..16 GiB
 * @param postResumeWindowNanos {@code post-resume.window}: replay at the destination after resume, 0..1 h
 * @param timeoutNanos {@code migration.timeout}: the replay's own bound on a migration, from its start to the
 *     end of pre-copy; past it the run ends with outcome {@code timed-out}
 * @param traceEnd {@code trace.end}
 * @param seed {@code seed}: seed of every random choice in the run, >= 0
 */
public record RunSpec(
        Mode mode,
        long migrationStartNanos,
        long deviceStateBytes,
        long postResumeWindowNanos,
        long timeoutNanos,
        TraceEnd traceEnd,
        long seed) {

    public RunSpec {
        Objects.requireNonNull(mode, "migration.mode");
        Objects.requireNonNull(traceEnd, "trace.end");
        ConfigRegistry.checkRange("migration.start", migrationStartNanos);
        ConfigRegistry.checkRange("device.state-bytes", deviceStateBytes);
        ConfigRegistry.checkRange("post-resume.window", postResumeWindowNanos);
        ConfigRegistry.checkRange("migration.timeout", timeoutNanos);
        ConfigRegistry.checkRange("seed", seed);
    }
}
