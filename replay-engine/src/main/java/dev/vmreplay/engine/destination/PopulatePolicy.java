package dev.vmreplay.engine.destination;

import dev.vmreplay.engine.config.ConfigChoice;

/** Configuration choice {@code dest.populate}: when destination page-table mappings are created. */
public enum PopulatePolicy implements ConfigChoice {
    /** Nothing mapped before resume; the guest's first access to each mapping faults (QEMU/KVM default). */
    LAZY("lazy"),
    /** Every mapping created during the stun, at {@code dest.map-cost} each (seed 2). */
    BEFORE_RESUME("before-resume"),
    /** Each mapping created as its pages land, overlapped with the copy on the destination CPU (seed 4). */
    DURING_TRANSFER("during-transfer");

    private final String configName;

    PopulatePolicy(String configName) {
        this.configName = configName;
    }

    /** The value as written in configuration. */
    public String configName() {
        return configName;
    }
}
