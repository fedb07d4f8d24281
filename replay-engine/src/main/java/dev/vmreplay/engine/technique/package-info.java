/**
 * Pre-copy techniques as small interchangeable classes, each chosen by its factory from the
 * configuration:
 * <ul>
 *   <li>Switch-over rules, asked at every sync with a {@link dev.vmreplay.engine.technique.SyncPoint}:
 *       {@link dev.vmreplay.engine.technique.DowntimeTargetRule} (QEMU),
 *       {@link dev.vmreplay.engine.technique.XenLimitsRule} ({@code precopy.max-passes}) and
 *       {@link dev.vmreplay.engine.technique.NoProgressRule}, combined by
 *       {@link dev.vmreplay.engine.technique.SwitchOverRules}.</li>
 *   <li>When the dirty set is taken ({@code precopy.sync}): {@link dev.vmreplay.engine.technique.SyncRule}.</li>
 *   <li>What a stuck pre-copy does ({@code precopy.on-stuck}): {@link dev.vmreplay.engine.technique.StuckPolicy},
 *       force, {@link dev.vmreplay.engine.technique.ThrottleGuest} or abort.</li>
 *   <li>{@link dev.vmreplay.engine.technique.AutoConverge}: QEMU 7.2's auto-converge trigger and throttle
 *       steps; no configuration key selects it yet.</li>
 * </ul>
 */
package dev.vmreplay.engine.technique;
