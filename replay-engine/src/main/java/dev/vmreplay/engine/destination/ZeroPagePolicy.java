package dev.vmreplay.engine.destination;

import dev.vmreplay.engine.config.ConfigChoice;

/** Configuration choice {@code dest.zero-pages}: what a zero marker does inside a destination large page. */
public enum ZeroPagePolicy implements ConfigChoice {
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
}
