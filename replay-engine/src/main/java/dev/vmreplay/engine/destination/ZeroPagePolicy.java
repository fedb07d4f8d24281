package dev.vmreplay.engine.destination;

/** Configuration choice {@code dest.zero-pages}: what a zero marker does inside a destination large page. */
public enum ZeroPagePolicy {
    /** QEMU-like: a zero marker does not write the page; a large page holding one is mapped with small pages. */
    LEAVE_UNBACKED("leave-unbacked"),
    /** Write zeros into the small page inside the destination large page (a memset); contiguity kept (seed 5). */
    ZERO_FILL_IN_LARGE_PAGE("zero-fill-in-large-page");

    private final String configName;

    ZeroPagePolicy(String configName) {
        this.configName = configName;
    }

    /** The value as written in configuration. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration value; the error names {@code dest.zero-pages} and the allowed values. */
    public static ZeroPagePolicy fromConfigName(String value) {
        for (ZeroPagePolicy p : values()) {
            if (p.configName.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("dest.zero-pages: '" + value + "' is not one of leave-unbacked, zero-fill-in-large-page");
    }
}
