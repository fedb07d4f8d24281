package dev.vmreplay.engine;

import dev.vmreplay.engine.destination.DestinationModel;
import dev.vmreplay.engine.sriov.IoReplay;
import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.VmManifest;
import java.util.function.Supplier;

/**
 * Builds the destination host and the IO replay of one run; pass one to
 * {@link ReplayEngine#ReplayEngine(ModelFactory)}. {@link HostModels} is the full model (what
 * {@link ReplayEngine#run} uses); {@link #IMMEDIATE} isolates the source side and the link in tests.
 */
public interface ModelFactory {

    DestinationModel destination(MigrationConfig config, VmManifest manifest);

    /**
     * @param trace opens the IO trace from its start; the replay opens it once, and again for every further
     *     copy when {@code trace.end = loop}, and closes what it opened in {@link IoReplay#close()}
     * @throws UnsupportedOperationException when this factory cannot replay IO
     */
    IoReplay ioReplay(MigrationConfig config, Supplier<? extends IoTraceReader> trace, VmManifest manifest);

    /** Every page processed on arrival, no stun work, no faults, contiguity 0; no IO replay. */
    ModelFactory IMMEDIATE = new ModelFactory() {
        @Override
        public DestinationModel destination(MigrationConfig config, VmManifest manifest) {
            return new ImmediateDestination();
        }

        @Override
        public IoReplay ioReplay(MigrationConfig config, Supplier<? extends IoTraceReader> trace, VmManifest manifest) {
            throw new UnsupportedOperationException("this model has no SR-IOV IO replay");
        }
    };
}
