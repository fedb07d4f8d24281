package dev.vmreplay.engine;

import dev.vmreplay.engine.MigrationConfig.CoarsePolicy;
import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.units.Quantity;
import java.util.Objects;

/**
 * Write traces on the source (keys {@code trace.*} but {@code trace.end}, which is the recording's and
 * lives in {@link RunSpec}). Defaults and ranges live in {@link ConfigRegistry}.
 *
 * @param granularityBytes {@code trace.granularity}: 4 KiB, 2 MiB or 1 GiB
 * @param installVcpus {@code trace.install-vcpus}: vCPUs that install traces, 1..4096 or
 *     {@link ConfigRegistry#ALL_VCPUS}
 * @param coarsePolicy {@code trace.coarse-policy}
 * @param installCostNanos {@code trace.install-cost}: CPU time to install one trace, 0..1 s
 * @param fireCostNanos {@code trace.fire-cost}: stall of the writing vCPU when a trace fires, 0..1 s
 */
public record TraceSpec(
        long granularityBytes,
        long installVcpus,
        CoarsePolicy coarsePolicy,
        long installCostNanos,
        long fireCostNanos) {

    public TraceSpec {
        Objects.requireNonNull(coarsePolicy, "trace.coarse-policy");
        ConfigRegistry.key("trace.granularity").canonical(Quantity.formatBytes(granularityBytes));
        ConfigRegistry.checkRange("trace.install-vcpus", installVcpus);
        ConfigRegistry.checkRange("trace.install-cost", installCostNanos);
        ConfigRegistry.checkRange("trace.fire-cost", fireCostNanos);
    }
}
