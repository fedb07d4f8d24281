package dev.vmreplay.engine.technique;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.config.ConfigRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a configuration turns on, asked together: any SWITCH wins, then any STUCK, else continue.
 * Every rule sees every sync point (stateful rules keep counting).
 */
public final class SwitchOverRules implements SwitchOverRule {
    private final List<SwitchOverRule> rules;

    public SwitchOverRules(List<SwitchOverRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** As {@link #forConfig(MigrationConfig, DowntimeLimit)} with the configured downtime target, fixed. */
    public static SwitchOverRules forConfig(MigrationConfig config) {
        return forConfig(config, new DowntimeLimit(config.precopy().downtimeTargetNanos()));
    }

    /**
     * The downtime rule at {@code limit} always; Xen limits when a pass limit is set; no-progress detection
     * unless {@code precopy.on-stuck = continue} (QEMU has none).
     */
    public static SwitchOverRules forConfig(MigrationConfig config, DowntimeLimit limit) {
        List<SwitchOverRule> r = new ArrayList<>();
        r.add(new DowntimeTargetRule(limit));
        if (config.precopy().maxPasses() != ConfigRegistry.UNLIMITED) {
            r.add(new XenLimitsRule(config.precopy().maxPasses()));
        }
        if (config.precopy().onStuck() != MigrationConfig.OnStuck.CONTINUE) {
            r.add(new NoProgressRule());
        }
        return new SwitchOverRules(r);
    }

    @Override
    public SwitchOverDecision decide(SyncPoint point) {
        SwitchOverDecision stuck = null;
        SwitchOverDecision sw = null;
        for (SwitchOverRule rule : rules) {
            SwitchOverDecision d = rule.decide(point);
            if (d.kind() == SwitchOverDecision.Kind.SWITCH && sw == null) {
                sw = d;
            } else if (d.kind() == SwitchOverDecision.Kind.STUCK && stuck == null) {
                stuck = d;
            }
        }
        if (sw != null) {
            return sw;
        }
        return stuck != null ? stuck : SwitchOverDecision.CONTINUE;
    }
}
