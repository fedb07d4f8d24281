package dev.vmreplay.engine.sriov;

import dev.vmreplay.trace.VmManifest;
import java.util.List;
import java.util.Map;

/** Manifests for IO test traces. */
final class IoTraces {
    private IoTraces() {
    }

    /** A 1 MiB, one-vCPU guest with {@code queues} IO queues of {@code depth}. */
    static VmManifest manifest(int queues, int depth) {
        return new VmManifest(1L << 20, 1, List.of(), List.of(), queues, depth, Map.of(), false);
    }
}
