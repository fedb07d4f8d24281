package dev.vmreplay.engine.config;

import dev.vmreplay.engine.MigrationConfig.CoarsePolicy;
import dev.vmreplay.engine.MigrationConfig.Mode;
import dev.vmreplay.engine.MigrationConfig.OnStuck;
import dev.vmreplay.engine.MigrationConfig.Sync;
import dev.vmreplay.engine.MigrationConfig.TraceEnd;
import dev.vmreplay.engine.OrchestrationSpec.DataSize;
import dev.vmreplay.engine.OrchestrationSpec.TimeoutAction;
import dev.vmreplay.engine.config.ConfigKey.Codec;
import dev.vmreplay.engine.config.ConfigKey.Kind;
import dev.vmreplay.engine.destination.PopulatePolicy;
import dev.vmreplay.engine.destination.ZeroPagePolicy;
import dev.vmreplay.engine.sriov.HandoverPolicy;
import java.util.ArrayList;
import java.util.List;
import static dev.vmreplay.engine.config.ConfigRegistry.*;

/**
 * The declaration of every configuration key, in the order of {@code effectiveSettings()}, of
 * {@code vmreplay presets} and of the results tables: name, type, range, default, where the default number
 * comes from, and the spec component its value fills. {@link ConfigRegistry} serves them; a new key is one
 * declaration here and one component of its spec record.
 */
final class KeyDeclarations {
    private KeyDeclarations() {
    }

    static List<ConfigKey> all() {
        List<ConfigKey> k = new ArrayList<>();
        k.add(choice("migration.mode", Mode.class, Mode.PRECOPY,
                "extra: which migration runs. precopy = iterative pre-copy then stop-and-copy (QEMU, Xen, vMotion); "
                        + "stop-and-copy = stun at once and copy everything (the lower bound on total time); postcopy = "
                        + "resume at once and pull missing pages on first touch (QEMU postcopy-ram)")
                .to(RUN, "mode"));
        k.add(num("migration.start", Kind.DURATION, "0", 0, 1000 * HOUR,
                "trace time at which the migration starts; 0 = at the first recorded event")
                .to(RUN, "migrationStartNanos"));
        k.add(special("migration.timeout", Kind.DURATION, "auto", MS, 1000 * HOUR, "auto", 0,
                "the replay's own bound on a migration, from its start: a pre-copy still iterating then ends the run "
                        + "with outcome timed-out (QEMU would iterate on; an orchestrator's own timeouts are "
                        + "orchestrator.*); auto = the longer of 5 min and 5 full passes of guest memory at the pre-copy "
                        + "rate, at most 1 h, which keeps a migration that never converges to seconds of wall time on "
                        + "the bundled guests and lets a large guest finish its first passes")
                .to(RUN, "timeoutNanos"));
        k.add(num("link.bandwidth", Kind.RATE, "10Gbit/s", 1, 1_000_000_000_000_000L,
                "migration link rate shared by all streams; 10 GbE is the common dedicated migration network "
                        + "(VMware and Red Hat sizing guides)")
                .to(LINK, "bandwidthBytesPerSec"));
        k.add(num("link.latency", Kind.DURATION, "50us", 0, 10 * S,
                "one-way link latency; about half of a 0.1 ms ping round trip inside one data-centre rack")
                .to(LINK, "latencyNanos"));
        k.add(num("link.page-header-bytes", Kind.SIZE, "8", 0, 64 * KIB,
                "bytes on the wire before each page; QEMU 7.x ram_save_page: be64 offset|flags")
                .to(LINK, "pageHeaderBytes"));
        k.add(num("link.streams", Kind.COUNT, "1", 1, 1024,
                "parallel streams sharing the bandwidth; QEMU default is one channel (multifd off), multifd-channels "
                        + "defaults to 2 when on")
                .to(LINK, "streams"));
        k.add(bool("zero.detect", "on",
                "send pages that are all zero as small markers; QEMU always checks (buffer_is_zero, RAM_SAVE_FLAG_ZERO)")
                .to(LINK, "zeroDetect"));
        k.add(num("zero.marker-bytes", Kind.SIZE, "1", 0, 64 * KIB,
                "payload of a zero-page marker after its header; QEMU 7.x sends one fill byte")
                .to(LINK, "zeroMarkerBytes"));
        k.add(num("precopy.downtime-target", Kind.DURATION, "300ms", 0, HOUR,
                "switch over when pending bytes / measured bandwidth is under this; QEMU 7.x downtime-limit default 300 ms")
                .to(PRECOPY, "downtimeTargetNanos"));
        k.add(special("precopy.max-passes", Kind.COUNT, "unlimited", 1, 1_000_000, "unlimited", UNLIMITED,
                "pre-copy passes before the migration counts as stuck (Xen-style limits: 30 passes, fewer than 50 pages "
                        + "left, 3x memory sent, xc_domain_save); QEMU has no pass limit")
                .to(PRECOPY, "maxPasses"));
        k.add(special("precopy.max-bandwidth", Kind.RATE, "128MiB/s", 1, 1_000_000_000_000_000L, "unlimited", UNLIMITED,
                "rate limit of the pre-copy passes only, the stop-and-copy runs at link speed; QEMU 7.x max-bandwidth "
                        + "default 128 MiB/s")
                .to(PRECOPY, "maxBandwidthBytesPerSec"));
        k.add(special("precopy.switchover-bandwidth", Kind.RATE, "measured", 1, 1_000_000_000_000_000L, "measured", 0,
                "bandwidth the expected downtime assumes instead of the measured (rate-capped) one; QEMU 8.2 "
                        + "avail-switchover-bandwidth, default 0 = measured")
                .to(PRECOPY, "switchoverBandwidthBytesPerSec"));
        k.add(choice("precopy.sync", Sync.class, Sync.BELOW_THRESHOLD,
                "when the dirty set is taken: pass-end = when a pass has sent everything (the classic model); "
                        + "below-threshold = QEMU 7.x re-syncs when what is left falls under bandwidth x target")
                .to(PRECOPY, "sync"));
        k.add(choice("precopy.on-stuck", OnStuck.class, OnStuck.CONTINUE,
                "continue = no stuck detection, iterate until the downtime rule fires or a timeout ends the run (QEMU 7.x "
                        + "migration_iteration_run has no other exit); otherwise a pre-copy is stuck when the guest "
                        + "dirtied 90% of what two syncs in a row sent, and then: force = switch over anyway; throttle = "
                        + "slow the vCPUs in throttle.* steps (vMotion SDPS); abort = give up, the guest stays on the source")
                .to(PRECOPY, "onStuck"));
        k.add(bool("precopy.auto-converge", "off",
                "QEMU's auto-converge capability (migration/ram.c migration_trigger_throttle): at a bitmap sync over 1 s "
                        + "after the last check, a period that dirtied more than throttle.trigger-threshold of what it "
                        + "sent counts; the second such period throttles by throttle.initial, then throttle.step more; "
                        + "off by default in QEMU, Nova and KubeVirt")
                .to(PRECOPY, "autoConverge"));
        k.add(fraction("throttle.initial", "0.2",
                "extra: share of vCPU time taken by the first throttle step (auto-converge or on-stuck throttle); QEMU 7.x "
                        + "cpu-throttle-initial 20%")
                .to(PRECOPY, "throttleInitial"));
        k.add(fraction("throttle.step", "0.1",
                "extra: added share per further throttle step; QEMU 7.x cpu-throttle-increment 10%")
                .to(PRECOPY, "throttleStep"));
        k.add(fraction("throttle.max", "0.99",
                "extra: largest throttle share; QEMU 7.x max-cpu-throttle 99%")
                .to(PRECOPY, "throttleMax"));
        k.add(fraction("throttle.trigger-threshold", "0.5",
                "auto-converge: share of the bytes sent in a period that the bytes dirtied must exceed; QEMU 7.x "
                        + "throttle-trigger-threshold 50%")
                .to(PRECOPY, "throttleTriggerThreshold"));
        k.add(bool("throttle.tailslow", "off",
                "auto-converge: later steps add at most what brings the dirty rate to the threshold; QEMU 7.x "
                        + "cpu-throttle-tailslow, default off")
                .to(PRECOPY, "throttleTailslow"));
        k.add(num("postcopy.precopy-passes", Kind.COUNT, "1", 0, 1,
                "extra: pre-copy passes before a post-copy switch-over (QEMU migrate-start-postcopy is usually issued "
                        + "after the first pass)")
                .to(PRECOPY, "postcopyPrecopyPasses"));
        k.add(special("postcopy.max-bandwidth", Kind.RATE, "unlimited", 1, 1_000_000_000_000_000L, "unlimited", UNLIMITED,
                "rate cap of the pages post-copy pushes after resume (demand fetches are not capped); QEMU 7.x "
                        + "max-postcopy-bandwidth, default 0 = unlimited")
                .to(PRECOPY, "postcopyMaxBandwidthBytesPerSec"));
        k.add(sizeChoice("trace.granularity", "4KiB", List.of("4KiB", "2MiB", "1GiB"),
                "write-trace granule; KVM dirty logging and vMotion traces are 4 KiB")
                .to(TRACES, "granularityBytes"));
        k.add(special("trace.install-vcpus", Kind.COUNT, "all", 1, 4096, "all", ALL_VCPUS,
                "vCPUs that install write traces; they serialise on the page-table lock, so each waits the whole "
                        + "install while the others keep running; all = stop-based tracing (vMotion before vSphere 7.0 U1), "
                        + "1 = vSphere 7.0 U1")
                .to(TRACES, "installVcpus"));
        k.add(choice("trace.coarse-policy", CoarsePolicy.class, CoarsePolicy.DIRTY_GRANULE,
                "coarse granules: dirty-granule = a write dirties (and resends) the whole granule; refine = the first "
                        + "fire splits it into 4 KiB traces at the install cost of each")
                .to(TRACES, "coarsePolicy"));
        k.add(num("trace.install-cost", Kind.DURATION, "20ns", 0, S,
                "CPU time to install one trace (one granule); estimate from KVM write-protecting one SPTE during "
                        + "KVM_CLEAR_DIRTY_LOG / memslot write-protect, tens of ns per 4 KiB page")
                .to(TRACES, "installCostNanos"));
        k.add(num("trace.fire-cost", Kind.DURATION, "1.5us", 0, S,
                "stall of the writing vCPU when a trace fires; an EPT/NPT write-protection violation exit and KVM "
                        + "fast page fault path, 1-2 us on recent x86 hosts")
                .to(TRACES, "fireCostNanos"));
        k.add(choice("dest.populate", PopulatePolicy.class, PopulatePolicy.LAZY,
                "destination page-table population: lazy = first touch after resume faults (QEMU/KVM); before-resume "
                        + "= map everything in the stun; during-transfer = map each page as it lands")
                .to(DESTINATION, "populate"));
        k.add(choice("dest.zero-pages", ZeroPagePolicy.class, ZeroPagePolicy.LEAVE_UNBACKED,
                "zero markers at the destination: leave-unbacked = not written (QEMU), large page lost; "
                        + "zero-fill-in-large-page = memset into the destination large page")
                .to(DESTINATION, "zeroPages"));
        k.add(num("dest.map-cost", Kind.DURATION, "200ns", 0, S,
                "destination CPU time to create one mapping (small or large); estimate: KVM direct-map of one SPTE "
                        + "without a fault")
                .to(DESTINATION, "mapCostNanos"));
        k.add(num("dest.fault-cost", Kind.DURATION, "2us", 0, S,
                "stall of one EPT/NPT violation after resume (exit, page-table walk, map, re-entry); measured EPT fault "
                        + "costs of 1.5-3 us on recent x86 hosts")
                .to(DESTINATION, "faultCostNanos"));
        k.add(num("dest.zero-fill-cost", Kind.DURATION, "200ns", 0, S,
                "destination CPU time to write zeros into one 4 KiB page; memset at about 20 GB/s")
                .to(DESTINATION, "zeroFillCostNanos"));
        k.add(fraction("dest.large-page-availability", "1",
                "share of source large pages the destination can back with a large page of the same size")
                .to(DESTINATION, "largePageAvailability"));
        k.add(choice("sriov.handover", HandoverPolicy.class, HandoverPolicy.DRAIN_DURING_STUN,
                "SR-IOV VF handover: drain-during-stun = wait for outstanding responses inside the stun (VFIO migration "
                        + "baseline); quiesce-before-stun = stop feeding the VF before the stun and go through the PF")
                .to(SRIOV, "handover"));
        k.add(num("sriov.pf-extra-latency", Kind.DURATION, "20us", 0, S,
                "latency the software-relayed PF path adds to each request; estimate for a hypervisor relay")
                .to(SRIOV, "pfExtraLatencyNanos"));
        k.add(num("sriov.pf-max-rate", Kind.COUNT_RATE, "200000", 1, 1_000_000_000L,
                "extra: requests per second the PF path can feed over all queues (200k/s and 200000 both work); "
                        + "estimate for one "
                        + "relay core")
                .to(SRIOV, "pfMaxRequestsPerSec"));
        k.add(num("sriov.vf-state-move-cost", Kind.DURATION, "50us", 0, S,
                "extra: time to move the queue positions between VF, PF and hypervisor memory, per move; estimate")
                .to(SRIOV, "vfStateMoveCostNanos"));
        k.add(num("sriov.queue-depth", Kind.COUNT, "32", 1, 65536,
                "extra: requests in flight per queue when the manifest's io_queue_depth is 0; a common NVMe/virtio setting")
                .to(SRIOV, "defaultQueueDepth"));
        k.add(num("device.state-bytes", Kind.SIZE, "512KiB", 0, 16 * GIB,
                "device state sent in the stun after memory (CPU, virtio, interrupt controllers); estimate for a "
                        + "QEMU guest with a few devices")
                .to(RUN, "deviceStateBytes"));
        k.add(num("post-resume.window", Kind.DURATION, "1s", 0, HOUR,
                "replay continues this long at the destination after resume, so faults come from real accesses")
                .to(RUN, "postResumeWindowNanos"));
        k.add(choice("trace.end", TraceEnd.class, TraceEnd.IDLE,
                "extra: what the guest does once the recording is over: idle = it writes nothing more (a recording "
                        + "shorter than migration plus post-resume.window then converges trivially and sees no faults "
                        + "after resume; trace_covers_window tells); loop = the recording is replayed again and again, "
                        + "copy k shifted by k x the trace time of its last event (at least 1 ns), until the migration "
                        + "and its post-resume window are over; the IO trace loops the same way with its own span")
                .to(RUN, "traceEnd"));
        k.add(num("seed", Kind.COUNT, "1", 0, Long.MAX_VALUE - 1,
                "extra: seed of every random choice in a run (which destination large pages fail)")
                .to(RUN, "seed").to(DESTINATION, "seed")); // the destination draws its large-page failures from it
        k.add(num("orchestrator.poll-interval", Kind.DURATION, "500ms", MS, HOUR,
                "how often the orchestrator looks at the migration and acts; Nova _live_migration_monitor sleeps 0.5 s, "
                        + "KubeVirt's migration monitor 400 ms")
                .to(ORCHESTRATION, "pollIntervalNanos"));
        k.add(num("orchestrator.downtime-steps", Kind.COUNT, "0", 0, 1000,
                "steps of the downtime limit from precopy.downtime-target / steps up to precopy.downtime-target, step i "
                        + "after i x the delay (Nova migration.py downtime_steps; live_migration_downtime_steps 10); "
                        + "0 = the limit stays fixed (QEMU, KubeVirt)")
                .to(ORCHESTRATION, "downtimeSteps"));
        k.add(num("orchestrator.downtime-step-delay", Kind.DURATION, "75s", 0, HOUR,
                "time between downtime steps per GiB of migration data (orchestrator.data-size); Nova "
                        + "live_migration_downtime_delay 75 s")
                .to(ORCHESTRATION, "downtimeStepDelayNanos"));
        k.add(special("orchestrator.completion-timeout", Kind.DURATION, "off", MS, HOUR, "off", 0,
                "per GiB of migration data: past it the orchestrator takes orchestrator.timeout-action; Nova "
                        + "live_migration_completion_timeout 800 s, KubeVirt completionTimeoutPerGiB 150 s (800 s before "
                        + "kubevirt PR 12848)")
                .to(ORCHESTRATION, "completionTimeoutNanos"));
        k.add(special("orchestrator.progress-timeout", Kind.DURATION, "off", MS, 1000 * HOUR, "off", 0,
                "abort when the remaining data has not fallen from one poll to the next for this long; KubeVirt "
                        + "progressTimeout 150 s (live-migration-source.go isMigrationProgressing); Nova has none")
                .to(ORCHESTRATION, "progressTimeoutNanos"));
        k.add(choice("orchestrator.timeout-action", TimeoutAction.class, TimeoutAction.ABORT,
                "what the completion timeout does: abort (Nova live_migration_timeout_action default, KubeVirt default); "
                        + "pause = pause the guest so pre-copy completes (Nova force_complete without post-copy, KubeVirt "
                        + "allowWorkloadDisruption); postcopy = switch to post-copy (Nova force_complete with "
                        + "permit_post_copy, KubeVirt allowPostCopy)")
                .to(ORCHESTRATION, "timeoutAction"));
        k.add(choice("orchestrator.data-size", DataSize.class, DataSize.NOVA,
                "how the orchestrator sizes the guest for the per-GiB settings and compares times: nova = guest memory "
                        + "in GiB, at least 2, timeouts in whole seconds compared as elapsed > timeout (Nova "
                        + "_live_migration_data_gb, shared storage); kubevirt = guest memory in decimal GB rounded up, "
                        + "elapsed whole seconds > timeout (KubeVirt getVMIMigrationDataSize, shouldTriggerTimeout)")
                .to(ORCHESTRATION, "dataSize"));
        return k;
    }

    private static ConfigKey num(String name, Kind kind, String def, double min, double max, String description) {
        return new ConfigKey(name, kind, def, min, max, List.of(), null, 0, description, Codec.NUMBER, List.of());
    }

    private static ConfigKey special(String name, Kind kind, String def, double min, double max, String word,
                                     long value, String description) {
        return new ConfigKey(name, kind, def, min, max, List.of(), word, value, description, Codec.NUMBER, List.of());
    }

    /** A choice whose values are the config names of {@code type}'s constants. */
    private static <E extends Enum<E> & ConfigChoice> ConfigKey choice(String name, Class<E> type, E def,
                                                                       String description) {
        return new ConfigKey(name, Kind.CHOICE, def.configName(), 0, 0, ConfigChoice.names(type), null, 0, description,
                Codec.choice(type), List.of());
    }

    /** A size that takes one of a few values, written as choices ({@code 2MiB}). */
    private static ConfigKey sizeChoice(String name, String def, List<String> choices, String description) {
        return new ConfigKey(name, Kind.CHOICE, def, 0, 0, choices, null, 0, description, Codec.BYTES, List.of());
    }

    private static ConfigKey bool(String name, String def, String description) {
        return new ConfigKey(name, Kind.BOOLEAN, def, 0, 0, List.of(), null, 0, description, Codec.FLAG, List.of());
    }

    private static ConfigKey fraction(String name, String def, String description) {
        return new ConfigKey(name, Kind.FRACTION, def, 0, 1, List.of(), null, 0, description, Codec.FRACTION, List.of());
    }
}
