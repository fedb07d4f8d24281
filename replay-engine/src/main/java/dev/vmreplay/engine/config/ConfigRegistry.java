package dev.vmreplay.engine.config;

import dev.vmreplay.engine.config.ConfigKey.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the replay (DESIGN.md section 6), in one place: type, unit, default,
 * allowed range and where the default number comes from. The order here is the order of
 * {@code effectiveSettings()}, of {@code vmreplay presets} and of the results tables.
 *
 * <p>Keys beyond the DESIGN.md list (marked "extra" in their description) select the migration
 * mode, tune throttling and the SR-IOV PF path, and seed random choices.
 */
public final class ConfigRegistry {
    private ConfigRegistry() {
    }

    public static final long NS = 1L;
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;
    public static final long HOUR = 3600 * S;
    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;

    /** Stands for "no limit" in rate and pass-count keys. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** {@code trace.install-vcpus = all}: every vCPU installs (stop-based tracing). */
    public static final long ALL_VCPUS = 0;

    private static final List<ConfigKey> KEYS;
    private static final Map<String, ConfigKey> BY_NAME;

    static {
        List<ConfigKey> k = new ArrayList<>();
        k.add(choice("migration.mode", "precopy", List.of("precopy", "stop-and-copy", "postcopy"),
                "extra: which migration runs. precopy = iterative pre-copy then stop-and-copy (QEMU, Xen, vMotion); "
                        + "stop-and-copy = stun at once and copy everything (the lower bound on total time); postcopy = "
                        + "resume at once and pull missing pages on first touch (QEMU postcopy-ram)"));
        k.add(num("migration.start", Kind.DURATION, "0", 0, 1000 * HOUR,
                "trace time at which the migration starts; 0 = at the first recorded event"));
        k.add(num("link.bandwidth", Kind.RATE, "10Gbit/s", 1, 1_000_000_000_000_000L,
                "migration link rate shared by all streams; 10 GbE is the common dedicated migration network "
                        + "(VMware and Red Hat sizing guides)"));
        k.add(num("link.latency", Kind.DURATION, "50us", 0, 10 * S,
                "one-way link latency; about half of a 0.1 ms ping round trip inside one data-centre rack"));
        k.add(num("link.page-header-bytes", Kind.SIZE, "8", 0, 64 * KIB,
                "bytes on the wire before each page; QEMU 7.x ram_save_page: be64 offset|flags"));
        k.add(num("link.streams", Kind.COUNT, "1", 1, 1024,
                "parallel streams sharing the bandwidth; QEMU default is one channel (multifd off), multifd-channels "
                        + "defaults to 2 when on"));
        k.add(bool("zero.detect", "on",
                "send pages that are all zero as small markers; QEMU always checks (buffer_is_zero, RAM_SAVE_FLAG_ZERO)"));
        k.add(num("zero.marker-bytes", Kind.SIZE, "1", 0, 64 * KIB,
                "payload of a zero-page marker after its header; QEMU 7.x sends one fill byte"));
        k.add(num("precopy.downtime-target", Kind.DURATION, "300ms", 0, HOUR,
                "switch over when pending bytes / measured bandwidth is under this; QEMU 7.x downtime-limit default 300 ms"));
        k.add(special("precopy.max-passes", Kind.COUNT, "unlimited", 1, 1_000_000, "unlimited", UNLIMITED,
                "pre-copy passes before the migration counts as stuck (Xen-style limits: 30 passes, fewer than 50 pages "
                        + "left, 3x memory sent, xc_domain_save); QEMU has no pass limit"));
        k.add(special("precopy.max-bandwidth", Kind.RATE, "128MiB/s", 1, 1_000_000_000_000_000L, "unlimited", UNLIMITED,
                "rate limit of the pre-copy passes only, the stop-and-copy runs at link speed; QEMU 7.x max-bandwidth "
                        + "default 128 MiB/s"));
        k.add(choice("precopy.sync", "below-threshold", List.of("pass-end", "below-threshold"),
                "when the dirty set is taken: pass-end = when a pass has sent everything (the classic model); "
                        + "below-threshold = QEMU 7.x re-syncs when what is left falls under bandwidth x target"));
        k.add(choice("precopy.on-stuck", "force", List.of("force", "throttle", "abort"),
                "what a stuck pre-copy does: force = switch over anyway; throttle = slow the vCPUs in steps (QEMU "
                        + "auto-converge, vMotion SDPS); abort = give up, the guest stays on the source. QEMU itself "
                        + "iterates forever; force stands in for the operator raising the downtime limit"));
        k.add(fraction("throttle.initial", "0.2",
                "extra: share of vCPU time taken by the first throttle step; QEMU 7.x cpu-throttle-initial 20%"));
        k.add(fraction("throttle.step", "0.1",
                "extra: added share per further throttle step; QEMU 7.x cpu-throttle-increment 10%"));
        k.add(fraction("throttle.max", "0.99",
                "extra: largest throttle share; QEMU 7.x max-cpu-throttle 99%"));
        k.add(num("postcopy.precopy-passes", Kind.COUNT, "1", 0, 1,
                "extra: pre-copy passes before a post-copy switch-over (QEMU migrate-start-postcopy is usually issued "
                        + "after the first pass)"));
        k.add(choice("trace.granularity", "4KiB", List.of("4KiB", "2MiB", "1GiB"),
                "write-trace granule; KVM dirty logging and vMotion traces are 4 KiB"));
        k.add(special("trace.install-vcpus", Kind.COUNT, "all", 1, 4096, "all", ALL_VCPUS,
                "vCPUs that install write traces; they serialise on the page-table lock, so each waits the whole "
                        + "install while the others keep running; all = stop-based tracing (vMotion before vSphere 7.0 U1), "
                        + "1 = vSphere 7.0 U1"));
        k.add(choice("trace.coarse-policy", "dirty-granule", List.of("dirty-granule", "refine"),
                "coarse granules: dirty-granule = a write dirties (and resends) the whole granule; refine = the first "
                        + "fire splits it into 4 KiB traces at the install cost of each"));
        k.add(num("trace.install-cost", Kind.DURATION, "20ns", 0, S,
                "CPU time to install one trace (one granule); estimate from KVM write-protecting one SPTE during "
                        + "KVM_CLEAR_DIRTY_LOG / memslot write-protect, tens of ns per 4 KiB page"));
        k.add(num("trace.fire-cost", Kind.DURATION, "1.5us", 0, S,
                "stall of the writing vCPU when a trace fires; an EPT/NPT write-protection violation exit and KVM "
                        + "fast page fault path, 1-2 us on recent x86 hosts"));
        k.add(choice("dest.populate", "lazy", List.of("lazy", "before-resume", "during-transfer"),
                "destination page-table population: lazy = first touch after resume faults (QEMU/KVM); before-resume "
                        + "= map everything in the stun; during-transfer = map each page as it lands"));
        k.add(choice("dest.zero-pages", "leave-unbacked", List.of("leave-unbacked", "zero-fill-in-large-page"),
                "zero markers at the destination: leave-unbacked = not written (QEMU), large page lost; "
                        + "zero-fill-in-large-page = memset into the destination large page"));
        k.add(num("dest.map-cost", Kind.DURATION, "200ns", 0, S,
                "destination CPU time to create one mapping (small or large); estimate: KVM direct-map of one SPTE "
                        + "without a fault"));
        k.add(num("dest.fault-cost", Kind.DURATION, "2us", 0, S,
                "stall of one EPT/NPT violation after resume (exit, page-table walk, map, re-entry); measured EPT fault "
                        + "costs of 1.5-3 us on recent x86 hosts"));
        k.add(num("dest.zero-fill-cost", Kind.DURATION, "200ns", 0, S,
                "destination CPU time to write zeros into one 4 KiB page; memset at about 20 GB/s"));
        k.add(fraction("dest.large-page-availability", "1",
                "share of source large pages the destination can back with a large page of the same size"));
        k.add(choice("sriov.handover", "drain-during-stun", List.of("drain-during-stun", "quiesce-before-stun"),
                "SR-IOV VF handover: drain-during-stun = wait for outstanding responses inside the stun (VFIO migration "
                        + "baseline); quiesce-before-stun = stop feeding the VF before the stun and go through the PF"));
        k.add(num("sriov.pf-extra-latency", Kind.DURATION, "20us", 0, S,
                "latency the software-relayed PF path adds to each request; estimate for a hypervisor relay"));
        k.add(num("sriov.pf-max-rate", Kind.COUNT_RATE, "200000", 1, 1_000_000_000L,
                "extra: requests per second the PF path can feed over all queues (200k/s and 200000 both work); "
                        + "estimate for one "
                        + "relay core"));
        k.add(num("sriov.vf-state-move-cost", Kind.DURATION, "50us", 0, S,
                "extra: time to move the queue positions between VF, PF and hypervisor memory, per move; estimate"));
        k.add(num("sriov.queue-depth", Kind.COUNT, "32", 1, 65536,
                "extra: requests in flight per queue when the manifest's io_queue_depth is 0; a common NVMe/virtio setting"));
        k.add(num("device.state-bytes", Kind.SIZE, "512KiB", 0, 16 * GIB,
                "device state sent in the stun after memory (CPU, virtio, interrupt controllers); estimate for a "
                        + "QEMU guest with a few devices"));
        k.add(num("post-resume.window", Kind.DURATION, "1s", 0, HOUR,
                "replay continues this long at the destination after resume, so faults come from real accesses"));
        k.add(choice("trace.end", "idle", List.of("idle", "loop"),
                "extra: what the guest does once the recording is over: idle = it writes nothing more (a recording "
                        + "shorter than migration plus post-resume.window then converges trivially and sees no faults "
                        + "after resume; trace_covers_window tells); loop = the recording is replayed again and again, "
                        + "copy k shifted by k x the trace time of its last event (at least 1 ns), until the migration "
                        + "and its post-resume window are over; the IO trace loops the same way with its own span"));
        k.add(num("seed", Kind.COUNT, "1", 0, Long.MAX_VALUE - 1,
                "extra: seed of every random choice in a run (which destination large pages fail)"));
        KEYS = Collections.unmodifiableList(k);
        Map<String, ConfigKey> byName = new LinkedHashMap<>();
        for (ConfigKey key : k) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalStateException("duplicate key " + key.name());
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    /** Every key, in output order. */
    public static List<ConfigKey> keys() {
        return KEYS;
    }

    /** The key called {@code name}; unknown names throw an exception listing the known keys. */
    public static ConfigKey key(String name) {
        ConfigKey key = BY_NAME.get(name);
        if (key == null) {
            throw new IllegalArgumentException("unknown configuration key '" + name + "'; known keys: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return key;
    }

    public static boolean isKey(String name) {
        return BY_NAME.containsKey(name);
    }

    /** Every key's default, in key order. */
    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigKey key : KEYS) {
            m.put(key.name(), key.canonical(key.defaultText()));
        }
        return m;
    }

    /**
     * Defaults overlaid with {@code overrides}, validated, canonical, in key order.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    public static Map<String, String> resolve(Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            key(name);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigKey key : KEYS) {
            String text = overrides.containsKey(key.name()) ? overrides.get(key.name()) : key.defaultText();
            m.put(key.name(), key.canonical(text));
        }
        return m;
    }

    private static ConfigKey num(String name, Kind kind, String def, double min, double max, String description) {
        return new ConfigKey(name, kind, def, min, max, List.of(), null, 0, description);
    }

    private static ConfigKey special(String name, Kind kind, String def, double min, double max, String word,
                                     long value, String description) {
        return new ConfigKey(name, kind, def, min, max, List.of(), word, value, description);
    }

    private static ConfigKey choice(String name, String def, List<String> choices, String description) {
        return new ConfigKey(name, Kind.CHOICE, def, 0, 0, choices, null, 0, description);
    }

    private static ConfigKey bool(String name, String def, String description) {
        return new ConfigKey(name, Kind.BOOLEAN, def, 0, 0, List.of(), null, 0, description);
    }

    private static ConfigKey fraction(String name, String def, String description) {
        return new ConfigKey(name, Kind.FRACTION, def, 0, 1, List.of(), null, 0, description);
    }
}
