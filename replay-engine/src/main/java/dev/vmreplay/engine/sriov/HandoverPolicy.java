package dev.vmreplay.engine.sriov;

import dev.vmreplay.engine.config.ConfigChoice;

/** Configuration choice {@code sriov.handover}: how the VF is handed over at switch-over. */
public enum HandoverPolicy implements ConfigChoice {
    /** Baseline: stun, wait for every outstanding response, move VF state; the wait is downtime. */
    DRAIN_DURING_STUN("drain-during-stun"),
    /**
     * Seed 3: before the stun stop feeding the VF, wait until no response is outstanding while the guest
     * runs, move the ring positions VF -> PF -> hypervisor memory, carry on through the PF path until the stun.
     */
    QUIESCE_BEFORE_STUN("quiesce-before-stun");

    private final String configName;

    HandoverPolicy(String configName) {
        this.configName = configName;
    }

    /** The value as written in configuration. */
    public String configName() {
        return configName;
    }
}
