package dev.vmreplay.engine;

import dev.vmreplay.engine.config.ConfigKey;
import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.units.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated, immutable migration configuration: every key of {@link ConfigRegistry} as a typed
 * value. Build it from text settings with {@link #of(Map)} (unknown keys and bad values throw an
 * {@link IllegalArgumentException} naming the key, the value and the allowed range); print it back
 * with {@link #effectiveSettings()}.
 *
 * <p>Rates and pass counts use {@link ConfigRegistry#UNLIMITED} for "unlimited";
 * {@code traceInstallVcpus} uses {@link ConfigRegistry#ALL_VCPUS} for "all".
 */
public record MigrationConfig(
        Mode mode,
        long migrationStartNanos,
        long linkBandwidthBytesPerSec,
        long linkLatencyNanos,
        long pageHeaderBytes,
        int linkStreams,
        boolean zeroDetect,
        long zeroMarkerBytes,
        long downtimeTargetNanos,
        long maxPasses,
        long maxBandwidthBytesPerSec,
        Sync sync,
        OnStuck onStuck,
        double throttleInitial,
        double throttleStep,
        double throttleMax,
        int postcopyPrecopyPasses,
        long traceGranularityBytes,
        long traceInstallVcpus,
        CoarsePolicy traceCoarsePolicy,
        long traceInstallCostNanos,
        long traceFireCostNanos,
        String destPopulate,
        String destZeroPages,
        long destMapCostNanos,
        long destFaultCostNanos,
        long destZeroFillCostNanos,
        double destLargePageAvailability,
        String sriovHandover,
        long sriovPfExtraLatencyNanos,
        long sriovPfMaxRequestsPerSec,
        long sriovVfStateMoveCostNanos,
        int sriovQueueDepth,
        long deviceStateBytes,
        long postResumeWindowNanos,
        TraceEnd traceEnd,
        long seed) {

    /** {@code migration.mode}. */
    public enum Mode {
        PRECOPY("precopy"), STOP_AND_COPY("stop-and-copy"), POSTCOPY("postcopy");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static Mode of(String name) {
            for (Mode m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("migration.mode: unknown " + name);
        }
    }

    /** {@code precopy.sync}: when the dirty set is taken. */
    public enum Sync {
        PASS_END("pass-end"), BELOW_THRESHOLD("below-threshold");

        private final String configName;

        Sync(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static Sync of(String name) {
            for (Sync m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("precopy.sync: unknown " + name);
        }
    }

    /** {@code precopy.on-stuck}. */
    public enum OnStuck {
        FORCE("force"), THROTTLE("throttle"), ABORT("abort");

        private final String configName;

        OnStuck(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static OnStuck of(String name) {
            for (OnStuck m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("precopy.on-stuck: unknown " + name);
        }
    }

    /** {@code trace.coarse-policy}. */
    public enum CoarsePolicy {
        DIRTY_GRANULE("dirty-granule"), REFINE("refine");

        private final String configName;

        CoarsePolicy(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static CoarsePolicy of(String name) {
            for (CoarsePolicy m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("trace.coarse-policy: unknown " + name);
        }
    }

    /** {@code trace.end}: what the guest does once the recording is over. */
    public enum TraceEnd {
        /** The guest writes nothing after its last recorded event. */
        IDLE("idle"),
        /** The recording is replayed again and again, copy k shifted by k x its last event's trace time. */
        LOOP("loop");

        private final String configName;

        TraceEnd(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static TraceEnd of(String name) {
            for (TraceEnd m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("configuration key 'trace.end': invalid value '" + name
                    + "'; allowed: idle | loop");
        }
    }

    public MigrationConfig {
        java.util.Objects.requireNonNull(mode, "migration.mode");
        java.util.Objects.requireNonNull(sync, "precopy.sync");
        java.util.Objects.requireNonNull(onStuck, "precopy.on-stuck");
        java.util.Objects.requireNonNull(traceCoarsePolicy, "trace.coarse-policy");
        java.util.Objects.requireNonNull(traceEnd, "trace.end");
        check("migration.start", migrationStartNanos);
        check("link.bandwidth", linkBandwidthBytesPerSec);
        check("link.latency", linkLatencyNanos);
        check("link.page-header-bytes", pageHeaderBytes);
        check("link.streams", linkStreams);
        check("zero.marker-bytes", zeroMarkerBytes);
        check("precopy.downtime-target", downtimeTargetNanos);
        check("precopy.max-passes", maxPasses);
        check("precopy.max-bandwidth", maxBandwidthBytesPerSec);
        check("throttle.initial", throttleInitial);
        check("throttle.step", throttleStep);
        check("throttle.max", throttleMax);
        check("postcopy.precopy-passes", postcopyPrecopyPasses);
        if (traceGranularityBytes != 4096 && traceGranularityBytes != ConfigRegistry.MIB * 2
                && traceGranularityBytes != ConfigRegistry.GIB) {
            throw new IllegalArgumentException("configuration key 'trace.granularity': invalid value '"
                    + traceGranularityBytes + "'; allowed: 4KiB | 2MiB | 1GiB");
        }
        check("trace.install-vcpus", traceInstallVcpus);
        check("trace.install-cost", traceInstallCostNanos);
        check("trace.fire-cost", traceFireCostNanos);
        ConfigRegistry.key("dest.populate").canonical(destPopulate);
        ConfigRegistry.key("dest.zero-pages").canonical(destZeroPages);
        check("dest.map-cost", destMapCostNanos);
        check("dest.fault-cost", destFaultCostNanos);
        check("dest.zero-fill-cost", destZeroFillCostNanos);
        check("dest.large-page-availability", destLargePageAvailability);
        ConfigRegistry.key("sriov.handover").canonical(sriovHandover);
        check("sriov.pf-extra-latency", sriovPfExtraLatencyNanos);
        check("sriov.pf-max-rate", sriovPfMaxRequestsPerSec);
        check("sriov.vf-state-move-cost", sriovVfStateMoveCostNanos);
        check("sriov.queue-depth", sriovQueueDepth);
        check("device.state-bytes", deviceStateBytes);
        check("post-resume.window", postResumeWindowNanos);
        check("seed", seed);
    }

    /** Every key at its default. */
    public static MigrationConfig defaults() {
        return of(Map.of());
    }

    /**
     * The defaults overlaid with {@code settings} (key to text value, e.g. {@code "link.bandwidth" -> "25Gbit/s"}).
     *
     * @throws IllegalArgumentException for an unknown key or a bad value; the message names the key,
     *     the value and the allowed range
     */
    public static MigrationConfig of(Map<String, String> settings) {
        Map<String, String> s = ConfigRegistry.resolve(settings);
        return new MigrationConfig(
                Mode.of(s.get("migration.mode")),
                num(s, "migration.start"),
                num(s, "link.bandwidth"),
                num(s, "link.latency"),
                num(s, "link.page-header-bytes"),
                (int) num(s, "link.streams"),
                ConfigRegistry.key("zero.detect").booleanValue(s.get("zero.detect")),
                num(s, "zero.marker-bytes"),
                num(s, "precopy.downtime-target"),
                num(s, "precopy.max-passes"),
                num(s, "precopy.max-bandwidth"),
                Sync.of(s.get("precopy.sync")),
                OnStuck.of(s.get("precopy.on-stuck")),
                frac(s, "throttle.initial"),
                frac(s, "throttle.step"),
                frac(s, "throttle.max"),
                (int) num(s, "postcopy.precopy-passes"),
                granularity(s.get("trace.granularity")),
                num(s, "trace.install-vcpus"),
                CoarsePolicy.of(s.get("trace.coarse-policy")),
                num(s, "trace.install-cost"),
                num(s, "trace.fire-cost"),
                s.get("dest.populate"),
                s.get("dest.zero-pages"),
                num(s, "dest.map-cost"),
                num(s, "dest.fault-cost"),
                num(s, "dest.zero-fill-cost"),
                frac(s, "dest.large-page-availability"),
                s.get("sriov.handover"),
                num(s, "sriov.pf-extra-latency"),
                num(s, "sriov.pf-max-rate"),
                num(s, "sriov.vf-state-move-cost"),
                (int) num(s, "sriov.queue-depth"),
                num(s, "device.state-bytes"),
                num(s, "post-resume.window"),
                TraceEnd.of(s.get("trace.end")),
                num(s, "seed"));
    }

    /** This configuration with {@code overrides} applied on top. */
    public MigrationConfig with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(effectiveSettings());
        for (String name : overrides.keySet()) {
            ConfigRegistry.key(name);
        }
        m.putAll(overrides);
        return of(m);
    }

    /** Every key with its value as canonical text, in {@link ConfigRegistry#keys()} order. */
    public Map<String, String> effectiveSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigKey key : ConfigRegistry.keys()) {
            m.put(key.name(), text(key));
        }
        return m;
    }

    /** Effective pre-copy pass rate: the link rate, capped by {@code precopy.max-bandwidth}. */
    public long precopyRateBytesPerSec() {
        return Math.min(linkBandwidthBytesPerSec, maxBandwidthBytesPerSec);
    }

    private String text(ConfigKey key) {
        switch (key.name()) {
            case "migration.mode": return mode.configName();
            case "migration.start": return key.format(migrationStartNanos);
            case "link.bandwidth": return key.format(linkBandwidthBytesPerSec);
            case "link.latency": return key.format(linkLatencyNanos);
            case "link.page-header-bytes": return key.format(pageHeaderBytes);
            case "link.streams": return key.format(linkStreams);
            case "zero.detect": return zeroDetect ? "on" : "off";
            case "zero.marker-bytes": return key.format(zeroMarkerBytes);
            case "precopy.downtime-target": return key.format(downtimeTargetNanos);
            case "precopy.max-passes": return key.format(maxPasses);
            case "precopy.max-bandwidth": return key.format(maxBandwidthBytesPerSec);
            case "precopy.sync": return sync.configName();
            case "precopy.on-stuck": return onStuck.configName();
            case "throttle.initial": return Quantity.formatFraction(throttleInitial);
            case "throttle.step": return Quantity.formatFraction(throttleStep);
            case "throttle.max": return Quantity.formatFraction(throttleMax);
            case "postcopy.precopy-passes": return key.format(postcopyPrecopyPasses);
            case "trace.granularity": return Quantity.formatBytes(traceGranularityBytes);
            case "trace.install-vcpus": return key.format(traceInstallVcpus);
            case "trace.coarse-policy": return traceCoarsePolicy.configName();
            case "trace.install-cost": return key.format(traceInstallCostNanos);
            case "trace.fire-cost": return key.format(traceFireCostNanos);
            case "dest.populate": return destPopulate;
            case "dest.zero-pages": return destZeroPages;
            case "dest.map-cost": return key.format(destMapCostNanos);
            case "dest.fault-cost": return key.format(destFaultCostNanos);
            case "dest.zero-fill-cost": return key.format(destZeroFillCostNanos);
            case "dest.large-page-availability": return Quantity.formatFraction(destLargePageAvailability);
            case "sriov.handover": return sriovHandover;
            case "sriov.pf-extra-latency": return key.format(sriovPfExtraLatencyNanos);
            case "sriov.pf-max-rate": return key.format(sriovPfMaxRequestsPerSec);
            case "sriov.vf-state-move-cost": return key.format(sriovVfStateMoveCostNanos);
            case "sriov.queue-depth": return key.format(sriovQueueDepth);
            case "device.state-bytes": return key.format(deviceStateBytes);
            case "post-resume.window": return key.format(postResumeWindowNanos);
            case "trace.end": return traceEnd.configName();
            case "seed": return key.format(seed);
            default: throw new IllegalStateException("key without a field: " + key.name());
        }
    }

    private static long num(Map<String, String> s, String name) {
        return ConfigRegistry.key(name).longValue(s.get(name));
    }

    private static double frac(Map<String, String> s, String name) {
        return ConfigRegistry.key(name).fractionValue(s.get(name));
    }

    private static long granularity(String text) {
        return Quantity.parseBytes(text);
    }

    private static void check(String name, long value) {
        ConfigRegistry.key(name).checkRange(value);
    }

    private static void check(String name, double value) {
        ConfigRegistry.key(name).checkRange(value);
    }
}
