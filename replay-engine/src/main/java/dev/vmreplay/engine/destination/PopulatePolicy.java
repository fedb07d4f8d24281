package dev.vmreplay.engine.destination;

/** Configuration choice {@code dest.populate}: when destination page-table mappings are created. */
public enum PopulatePolicy {
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

    /** Parses a configuration value; the error names {@code dest.populate} and the allowed values. */
    public static PopulatePolicy fromConfigName(String value) {
        for (PopulatePolicy p : values()) {
            if (p.configName.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("dest.populate: '" + value + "' is not one of lazy, before-resume, during-transfer");
    }
}
