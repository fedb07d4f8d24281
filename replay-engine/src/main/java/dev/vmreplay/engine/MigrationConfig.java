package dev.vmreplay.engine;

import dev.vmreplay.engine.config.ConfigChoice;
import dev.vmreplay.engine.config.ConfigKey;
import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.engine.config.ConfigRegistry.Specs;
import dev.vmreplay.engine.destination.DestinationSpec;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.sriov.SriovSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated, immutable migration configuration: every key of {@link ConfigRegistry} as a typed
 * value, grouped into the specs the parts of the engine take. Build it from text settings with
 * {@link #of(Map)} (unknown keys and bad values throw an {@link IllegalArgumentException} naming the
 * key, the value and the allowed range); print it back with {@link #effectiveSettings()}. Which key
 * fills which spec component is declared with the key, in {@link ConfigRegistry}.
 *
 * <p>Rates and pass counts use {@link ConfigRegistry#UNLIMITED} for "unlimited";
 * {@code traces().installVcpus()} uses {@link ConfigRegistry#ALL_VCPUS} for "all".
 *
 * @param run what runs and for how long ({@code migration.*}, {@code device.state-bytes},
 *     {@code post-resume.window}, {@code trace.end}, {@code seed})
 * @param link the migration link ({@code link.*}, {@code zero.*})
 * @param precopy pre-copy passes and switch-over ({@code precopy.*}, {@code throttle.*},
 *     {@code postcopy.precopy-passes})
 * @param traces write traces on the source ({@code trace.*} but {@code trace.end})
 * @param destination the destination host ({@code dest.*}; its seed is {@code run.seed})
 * @param sriov the SR-IOV replay ({@code sriov.*})
 * @param orchestration what the orchestrator running the migration does ({@code orchestrator.*})
 */
public record MigrationConfig(
        RunSpec run,
        Link link,
        PrecopySpec precopy,
        TraceSpec traces,
        DestinationSpec destination,
        SriovSpec sriov,
        OrchestrationSpec orchestration) {

    /** {@code migration.mode}. */
    public enum Mode implements ConfigChoice {
        PRECOPY("precopy"), STOP_AND_COPY("stop-and-copy"), POSTCOPY("postcopy");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** {@code precopy.sync}: when the dirty set is taken. */
    public enum Sync implements ConfigChoice {
        PASS_END("pass-end"), BELOW_THRESHOLD("below-threshold");

        private final String configName;

        Sync(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** {@code precopy.on-stuck}. */
    public enum OnStuck implements ConfigChoice {
        /** QEMU: no stuck detection; only the downtime rule or a timeout ends pre-copy. */
        CONTINUE("continue"),
        FORCE("force"), THROTTLE("throttle"), ABORT("abort");

        private final String configName;

        OnStuck(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** {@code trace.coarse-policy}. */
    public enum CoarsePolicy implements ConfigChoice {
        DIRTY_GRANULE("dirty-granule"), REFINE("refine");

        private final String configName;

        CoarsePolicy(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** {@code trace.end}: what the guest does once the recording is over. */
    public enum TraceEnd implements ConfigChoice {
        /** The guest writes nothing after its last recorded event. */
        IDLE("idle"),
        /** The recording is replayed again and again, copy k shifted by k x its last event's trace time. */
        LOOP("loop");

        private final String configName;

        TraceEnd(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    public MigrationConfig {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(precopy, "precopy");
        Objects.requireNonNull(traces, "traces");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sriov, "sriov");
        Objects.requireNonNull(orchestration, "orchestration");
        if (destination.seed() != run.seed()) {
            throw new IllegalArgumentException("destination seed " + destination.seed() + " is not the run's seed "
                    + run.seed() + " (key 'seed')");
        }
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
        Specs s = ConfigRegistry.specs(settings);
        return new MigrationConfig(s.get(ConfigRegistry.RUN), s.get(ConfigRegistry.LINK), s.get(ConfigRegistry.PRECOPY),
                s.get(ConfigRegistry.TRACES), s.get(ConfigRegistry.DESTINATION), s.get(ConfigRegistry.SRIOV),
                s.get(ConfigRegistry.ORCHESTRATION));
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
            m.put(key.name(), key.text(this));
        }
        return m;
    }

    /**
     * Effective pre-copy pass rate: the link rate, capped by {@code precopy.max-bandwidth}. Here rather
     * than on a spec because it combines two: {@link PrecopySpec#rateBytesPerSec(long)} over this link.
     */
    public long precopyRateBytesPerSec() {
        return precopy.rateBytesPerSec(link.bandwidthBytesPerSec());
    }
}
