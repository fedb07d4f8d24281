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
 *     end of pre-copy; past it the run ends with outcome {@code timed-out}; 0 = auto ({@link #boundNanos})
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

    /** {@code migration.timeout = auto}: at least this long. */
    public static final long AUTO_TIMEOUT_MIN_NANOS = 300 * ConfigRegistry.S;
    /**
     * {@code migration.timeout = auto}: at most this long. The replay's wall time grows with the guest time it
     * covers (a looped recording's events), so auto stops at an hour; a longer pre-copy needs the key set.
     */
    public static final long AUTO_TIMEOUT_MAX_NANOS = ConfigRegistry.HOUR;
    /** {@code migration.timeout = auto}: at least this many full passes of guest memory at the pre-copy rate. */
    public static final int AUTO_TIMEOUT_PASSES = 5;

    /**
     * The bound on a pre-copy of a guest of {@code memoryBytes} at {@code precopyBytesPerSec}: {@code migration.timeout},
     * or for auto the longer of {@link #AUTO_TIMEOUT_MIN_NANOS} and {@link #AUTO_TIMEOUT_PASSES} full passes.
     */
    public long boundNanos(long memoryBytes, long precopyBytesPerSec) {
        if (timeoutNanos > 0) {
            return timeoutNanos;
        }
        double passes = AUTO_TIMEOUT_PASSES * (memoryBytes * 1e9 / precopyBytesPerSec);
        return (long) Math.min(AUTO_TIMEOUT_MAX_NANOS, Math.max(AUTO_TIMEOUT_MIN_NANOS, passes));
    }

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
