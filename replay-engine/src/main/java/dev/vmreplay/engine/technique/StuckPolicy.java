package dev.vmreplay.engine.technique;

import dev.vmreplay.engine.MigrationConfig;

/** What a stuck pre-copy does (precopy.on-stuck). One instance per run. */
public interface StuckPolicy {
    enum Action { SWITCH_OVER, THROTTLE, ABORT, CONTINUE }

    Action onStuck(SyncPoint point);

    /** Share of vCPU time the guest is throttled to sleep, 0..1 (0 = not throttled). */
    default double throttleShare() {
        return 0;
    }

    static StuckPolicy forConfig(MigrationConfig config) {
        switch (config.precopy().onStuck()) {
            case THROTTLE: return new ThrottleGuest(config.precopy().throttleInitial(), config.precopy().throttleStep(),
                    config.precopy().throttleMax());
            case ABORT: return p -> Action.ABORT;
            case CONTINUE: return p -> Action.CONTINUE; // a pass limit (Xen rule) is noted, pre-copy goes on
            default: return p -> Action.SWITCH_OVER;
        }
    }
}
