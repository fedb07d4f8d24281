package dev.vmreplay.engine;

import dev.vmreplay.engine.config.ConfigRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings a run is given away from their defaults that cannot change its result, so a user who set
 * one (or a preset that did) is told instead of comparing two identical runs: {@code sriov.*} without an
 * IO trace, {@code trace.coarse-policy} with 4 KiB traces, {@code throttle.*} when nothing throttles,
 * pre-copy and trace keys in a stop-and-copy, post-copy keys without post-copy, orchestrator keys whose
 * mechanism is off.
 */
public final class IneffectiveSettings {
    private IneffectiveSettings() {
    }

    /**
     * One line per key of {@code config} that differs from its default and has no effect on the run.
     *
     * @param hasIoTrace whether the run replays an IO trace
     */
    public static List<String> notes(MigrationConfig config, boolean hasIoTrace) {
        Map<String, String> settings = config.effectiveSettings();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (e.getValue().equals(ConfigRegistry.key(key).canonical(ConfigRegistry.key(key).defaultText()))) {
                continue;
            }
            String why = reason(key, settings, hasIoTrace);
            if (why != null) {
                notes.add(key + "=" + e.getValue() + " has no effect: " + why);
            }
        }
        return notes;
    }

    private static String reason(String key, Map<String, String> s, boolean hasIoTrace) {
        String mode = s.get("migration.mode");
        if (key.startsWith("sriov.") && !hasIoTrace) {
            return "the run has no IO trace (--io) to replay through the VF";
        }
        if (key.equals("trace.coarse-policy") && s.get("trace.granularity").equals("4KiB")) {
            return "trace.granularity is 4KiB, so no trace is coarse";
        }
        boolean autoConverge = s.get("precopy.auto-converge").equals("on");
        if ((key.equals("throttle.trigger-threshold") || key.equals("throttle.tailslow")) && !autoConverge) {
            return "precopy.auto-converge is off";
        }
        if (key.startsWith("throttle.") && !s.get("precopy.on-stuck").equals("throttle") && !autoConverge) {
            return "precopy.on-stuck is " + s.get("precopy.on-stuck") + " and precopy.auto-converge is off, so the "
                    + "guest is never throttled";
        }
        if (key.equals("postcopy.precopy-passes") && !mode.equals("postcopy")) {
            return "migration.mode is " + mode;
        }
        if (key.equals("postcopy.max-bandwidth") && !mode.equals("postcopy")
                && !s.get("orchestrator.timeout-action").equals("postcopy")) {
            return "no post-copy: migration.mode is " + mode + " and orchestrator.timeout-action is not postcopy";
        }
        if (key.equals("orchestrator.downtime-step-delay") && s.get("orchestrator.downtime-steps").equals("0")) {
            return "orchestrator.downtime-steps is 0";
        }
        if (key.equals("orchestrator.timeout-action") && s.get("orchestrator.completion-timeout").equals("off")) {
            return "orchestrator.completion-timeout is off";
        }
        if (mode.equals("stop-and-copy") && (key.startsWith("precopy.")
                || (key.startsWith("trace.") && !key.equals("trace.end")))) {
            return "migration.mode is stop-and-copy: no pre-copy pass, no write trace";
        }
        return null;
    }
}
