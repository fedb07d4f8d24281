package dev.vmreplay.engine;

import dev.vmreplay.engine.MigrationConfig.OnStuck;
import dev.vmreplay.engine.MigrationConfig.Sync;
import dev.vmreplay.engine.config.ConfigRegistry;
import java.util.Objects;

/**
 * How pre-copy iterates and when it switches over (keys {@code precopy.*}, {@code throttle.*} and
 * {@code postcopy.precopy-passes}). Defaults and ranges live in {@link ConfigRegistry}.
 *
 * @param downtimeTargetNanos {@code precopy.downtime-target}: switch over when the expected downtime is
 *     under this, 0..1 h
 * @param maxPasses {@code precopy.max-passes}: passes before the migration counts as stuck, 1..1000000 or
 *     {@link ConfigRegistry#UNLIMITED}
 * @param maxBandwidthBytesPerSec {@code precopy.max-bandwidth}: rate cap of the pre-copy passes, or
 *     {@link ConfigRegistry#UNLIMITED}
 * @param switchoverBandwidthBytesPerSec {@code precopy.switchover-bandwidth}: the bandwidth the expected
 *     downtime assumes instead of the measured one (QEMU 8.2 avail-switchover-bandwidth), 0 = measured
 * @param sync {@code precopy.sync}
 * @param onStuck {@code precopy.on-stuck}
 * @param autoConverge {@code precopy.auto-converge}: QEMU's auto-converge capability
 * @param throttleInitial {@code throttle.initial}: share of vCPU time the first throttle step takes, 0..1
 * @param throttleStep {@code throttle.step}: share added per further step, 0..1
 * @param throttleMax {@code throttle.max}: largest throttle share, 0..1
 * @param throttleTriggerThreshold {@code throttle.trigger-threshold}: auto-converge's share of the bytes sent
 *     in a period that the bytes dirtied must exceed, 0..1
 * @param throttleTailslow {@code throttle.tailslow}: QEMU cpu-throttle-tailslow
 * @param postcopyMaxBandwidthBytesPerSec {@code postcopy.max-bandwidth}: rate cap of post-copy's pushed pages
 *     (QEMU max-postcopy-bandwidth), or {@link ConfigRegistry#UNLIMITED}
 * @param postcopyPrecopyPasses {@code postcopy.precopy-passes}: pre-copy passes before a post-copy
 *     switch-over, 0..1
 */
public record PrecopySpec(
        long downtimeTargetNanos,
        long maxPasses,
        long maxBandwidthBytesPerSec,
        long switchoverBandwidthBytesPerSec,
        Sync sync,
        OnStuck onStuck,
        boolean autoConverge,
        double throttleInitial,
        double throttleStep,
        double throttleMax,
        double throttleTriggerThreshold,
        boolean throttleTailslow,
        int postcopyPrecopyPasses,
        long postcopyMaxBandwidthBytesPerSec) {

    public PrecopySpec {
        Objects.requireNonNull(sync, "precopy.sync");
        Objects.requireNonNull(onStuck, "precopy.on-stuck");
        ConfigRegistry.checkRange("precopy.downtime-target", downtimeTargetNanos);
        ConfigRegistry.checkRange("precopy.max-passes", maxPasses);
        ConfigRegistry.checkRange("precopy.max-bandwidth", maxBandwidthBytesPerSec);
        ConfigRegistry.checkRange("throttle.initial", throttleInitial);
        ConfigRegistry.checkRange("throttle.step", throttleStep);
        ConfigRegistry.checkRange("throttle.max", throttleMax);
        ConfigRegistry.checkRange("postcopy.precopy-passes", postcopyPrecopyPasses);
        ConfigRegistry.checkRange("precopy.switchover-bandwidth", switchoverBandwidthBytesPerSec);
        ConfigRegistry.checkRange("throttle.trigger-threshold", throttleTriggerThreshold);
        ConfigRegistry.checkRange("postcopy.max-bandwidth", postcopyMaxBandwidthBytesPerSec);
    }

    /** Effective pass rate over a link of {@code linkBandwidthBytesPerSec}: the link rate, capped by the pre-copy limit. */
    public long rateBytesPerSec(long linkBandwidthBytesPerSec) {
        return Math.min(linkBandwidthBytesPerSec, maxBandwidthBytesPerSec);
    }
}
