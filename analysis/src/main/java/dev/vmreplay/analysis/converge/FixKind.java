package dev.vmreplay.analysis.converge;

/**
 * The single changes {@link FixSearch} tries, in the order fixes are listed: the ordering rule is "settings the
 * migration command already carries, by how far they move, before capabilities that change how the migration
 * runs, before hardware". Numeric settings (downtime limit, bandwidth cap) come first, ordered between them by
 * the factor new / old value; then auto-converge (it slows the guest); then post-copy (the guest runs on the
 * destination with remote page faults, and a link failure then loses it); last a faster link (new hardware).
 */
public enum FixKind {
    /** {@code precopy.downtime-target}, bisected upwards. */
    DOWNTIME_LIMIT,
    /** {@code precopy.max-bandwidth}, bisected upwards to the link rate. */
    BANDWIDTH_CAP,
    /** {@code precopy.auto-converge=on}. */
    AUTO_CONVERGE,
    /** {@code migration.mode=postcopy}. */
    POSTCOPY,
    /** {@code link.bandwidth}, bisected upwards, tried when lifting the cap is not enough. */
    LINK_RATE;

    /** Whether the fix is a number found by bisection (sorted among themselves by factor). */
    boolean numericSetting() {
        return this == DOWNTIME_LIMIT || this == BANDWIDTH_CAP;
    }
}
