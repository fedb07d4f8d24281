package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.destination.DestinationModels;
import dev.vmreplay.engine.destination.DestinationSpec;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.engine.sriov.IoReplays;
import dev.vmreplay.engine.sriov.SriovSpec;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.function.Supplier;

/**
 * The full model: the destination host of {@code engine.destination} and the SR-IOV replay of
 * {@code engine.sriov}, configured from the {@code dest.*} and {@code sriov.*} keys.
 */
public final class HostModels implements ModelFactory {

    public static DestinationSpec destinationSpec(MigrationConfig c) {
        return c.destination();
    }

    public static SriovSpec sriovSpec(MigrationConfig c) {
        return c.sriov();
    }

    @Override
    public DestinationModel destination(MigrationConfig config, VmManifest manifest) {
        return DestinationModels.create(destinationSpec(config), manifest);
    }

    @Override
    public IoReplay ioReplay(MigrationConfig config, Supplier<? extends IoTraceReader> trace, VmManifest manifest) {
        return IoReplays.open(sriovSpec(config), trace, config.run().traceEnd() == MigrationConfig.TraceEnd.LOOP);
    }
}
