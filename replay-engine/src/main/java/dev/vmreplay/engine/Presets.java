package dev.vmreplay.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named configurations reports use as rows (DESIGN.md section 4). A preset is a set of key
 * overrides on top of the registry defaults; the {@code +name} presets add one technique to
 * {@code qemu-precopy} so each technique's own effect is visible.
 *
 * <ul>
 *   <li>{@code stop-and-copy}: stun at once and copy everything at link speed; the floor for total
 *       time and bytes, the ceiling for downtime.</li>
 *   <li>{@code qemu-precopy}: QEMU 7.x defaults - 128 MiB/s pre-copy cap, 300 ms downtime limit,
 *       re-sync below the threshold, 4 KiB dirty log installed with every vCPU held, zero pages sent as
 *       markers and left unbacked, lazy EPT population, VF drained in the stun; iterates until the downtime
 *       rule fires, like QEMU (no stuck detection), up to the replay's bound {@code migration.timeout}.
 *       Leaves out multifd, compression and XBZRLE.</li>
 *   <li>{@code qemu-autoconverge}: {@code qemu-precopy} with QEMU 7.2's auto-converge capability on.</li>
 *   <li>{@code nova-defaults}: QEMU under libvirt and OpenStack Nova's defaults (nova/conf/libvirt.py,
 *       nova/virt/libvirt/migration.py): no pre-copy cap (live_migration_bandwidth 0), downtime limit stepped
 *       up to 500 ms in 10 steps 75 s per GiB apart, abort after 800 s per GiB, polled every 0.5 s.</li>
 *   <li>{@code kubevirt-defaults}: QEMU under KubeVirt's defaults (pkg/virt-config/virt-config.go,
 *       live-migration-source.go): no bandwidth cap, QEMU's 300 ms limit, abort when the remaining data has
 *       not fallen for 150 s or after 150 s per GB, polled every 400 ms.</li>
 *   <li>{@code vmotion-stop-trace}: vMotion before vSphere 7.0 U1 - every vCPU stopped to install 4 KiB
 *       traces, no pre-copy cap, pass-end syncs, SDPS-style throttling when stuck. Leaves out vMotion's
 *       multiple streams per NIC and its checkpoint format.</li>
 *   <li>{@code postcopy}: QEMU postcopy-ram after one pre-copy pass: pages pulled on first touch, the
 *       rest pushed in address order. Leaves out the preempt channel and recovery after link loss.</li>
 *   <li>{@code seeds-all}: every seed technique at once (one installing vCPU, 2 MiB refining traces,
 *       mapping during transfer, zero fill inside large pages, VF quiesced before the stun).</li>
 * </ul>
 */
public final class Presets {
    private Presets() {
    }

    private static final Map<String, Map<String, String>> PRESETS;

    static {
        Map<String, Map<String, String>> p = new LinkedHashMap<>();
        Map<String, String> qemu = ordered(
                "migration.mode", "precopy",
                "precopy.sync", "below-threshold",
                "precopy.downtime-target", "300ms",
                "precopy.max-bandwidth", "128MiB/s",
                "precopy.max-passes", "unlimited",
                "precopy.on-stuck", "continue",
                "trace.granularity", "4KiB",
                "trace.install-vcpus", "all",
                "dest.populate", "lazy",
                "dest.zero-pages", "leave-unbacked",
                "sriov.handover", "drain-during-stun");
        p.put("stop-and-copy", overlay(qemu, "migration.mode", "stop-and-copy"));
        p.put("qemu-precopy", qemu);
        // vMotion before vSphere 7.0 U1: every vCPU stopped to install 4 KiB traces, no pre-copy rate
        // cap, SDPS slows the guest when it dirties faster than the link.
        p.put("vmotion-stop-trace", overlay(qemu,
                "precopy.sync", "pass-end",
                "precopy.max-bandwidth", "unlimited",
                "precopy.on-stuck", "throttle",
                "trace.install-vcpus", "all"));
        p.put("postcopy", overlay(qemu, "migration.mode", "postcopy", "postcopy.precopy-passes", "1"));
        // QEMU 7.2 auto-converge (migration/ram.c), its throttle.* defaults are QEMU's
        p.put("qemu-autoconverge", overlay(qemu, "precopy.auto-converge", "on"));
        // Nova libvirt driver defaults: live_migration_bandwidth 0 (libvirt passes no cap), downtime 500 ms in
        // 10 steps of 75 s per GiB, completion timeout 800 s per GiB then abort, monitor every 0.5 s;
        // permit_post_copy and permit_auto_converge off.
        p.put("nova-defaults", overlay(qemu,
                "precopy.max-bandwidth", "unlimited",
                "precopy.downtime-target", "500ms",
                "orchestrator.poll-interval", "500ms",
                "orchestrator.downtime-steps", "10",
                "orchestrator.downtime-step-delay", "75s",
                "orchestrator.completion-timeout", "800s",
                "orchestrator.timeout-action", "abort",
                "orchestrator.data-size", "nova"));
        // KubeVirt defaults: bandwidthPerMigration 0 = unlimited, no downtime limit set (QEMU's 300 ms),
        // completionTimeoutPerGiB 150 s, progressTimeout 150 s, allowPostCopy and allowAutoConverge off,
        // monitor every 400 ms.
        p.put("kubevirt-defaults", overlay(qemu,
                "precopy.max-bandwidth", "unlimited",
                "orchestrator.poll-interval", "400ms",
                "orchestrator.completion-timeout", "150s",
                "orchestrator.progress-timeout", "150s",
                "orchestrator.timeout-action", "abort",
                "orchestrator.data-size", "kubevirt"));
        p.put("seeds-all", overlay(qemu,
                "trace.install-vcpus", "1",
                "trace.granularity", "2MiB",
                "trace.coarse-policy", "refine",
                "dest.populate", "during-transfer",
                "dest.zero-pages", "zero-fill-in-large-page",
                "sriov.handover", "quiesce-before-stun"));
        p.put("+few-vcpu-trace", overlay(qemu, "trace.install-vcpus", "1"));
        p.put("+coarse-trace", overlay(qemu, "trace.granularity", "2MiB", "trace.coarse-policy", "refine"));
        p.put("+populate-before-resume", overlay(qemu, "dest.populate", "before-resume"));
        p.put("+populate-during-transfer", overlay(qemu, "dest.populate", "during-transfer"));
        p.put("+zero-fill-large-pages", overlay(qemu, "dest.zero-pages", "zero-fill-in-large-page"));
        p.put("+quiesce-vf", overlay(qemu, "sriov.handover", "quiesce-before-stun"));
        for (Map.Entry<String, Map<String, String>> e : p.entrySet()) {
            MigrationConfig.of(e.getValue()); // every preset must validate
            e.setValue(java.util.Collections.unmodifiableMap(e.getValue()));
        }
        PRESETS = java.util.Collections.unmodifiableMap(p);
    }

    /** Preset names in report order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The overrides a preset applies to the defaults. */
    public static Map<String, String> settings(String name) {
        Map<String, String> s = PRESETS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known presets: " + String.join(", ", PRESETS.keySet()));
        }
        return s;
    }

    /** The preset's configuration with {@code overrides} applied on top (overrides win). */
    public static MigrationConfig config(String name, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(settings(name));
        m.putAll(overrides);
        return MigrationConfig.of(m);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> overlay(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.putAll(ordered(kv));
        return m;
    }
}
