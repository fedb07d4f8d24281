package dev.vmreplay.engine.destination;

import dev.vmreplay.trace.VmManifest;
import java.util.Objects;

/** Builds the {@link DestinationModel} a {@link DestinationSpec} describes. */
public final class DestinationModels {
    private DestinationModels() {
    }

    /** A fresh destination host for one run of a guest described by {@code manifest}. */
    public static DestinationHost create(DestinationSpec spec, VmManifest manifest) {
        return new DestinationHost(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(manifest, "manifest"));
    }
}
