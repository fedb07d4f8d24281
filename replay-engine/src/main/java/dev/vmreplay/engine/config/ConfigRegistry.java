package dev.vmreplay.engine.config;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.OrchestrationSpec;
import dev.vmreplay.engine.PrecopySpec;
import dev.vmreplay.engine.RunSpec;
import dev.vmreplay.engine.TraceSpec;
import dev.vmreplay.engine.config.ConfigKey.Target;
import dev.vmreplay.engine.destination.DestinationSpec;
import dev.vmreplay.engine.link.Link;
import dev.vmreplay.engine.sriov.SriovSpec;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the replay (DESIGN.md section 6), in one place: type, unit, default,
 * allowed range and where the default number comes from. The order here is the order of
 * {@code effectiveSettings()}, of {@code vmreplay presets} and of the results tables.
 *
 * <p>Each key is declared once, here: name, unit, range, default, source, and the spec component
 * ({@link SpecType}) its value fills. {@link MigrationConfig} is parsed and printed from these
 * declarations alone; a key whose component does not exist, or a spec component no key fills, fails
 * when this class loads.
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

    /** {@code migration.*}, {@code device.state-bytes}, {@code post-resume.window}, {@code trace.end}, {@code seed}. */
    public static final SpecType<RunSpec> RUN = new SpecType<>("run", RunSpec.class, MigrationConfig::run);
    /** {@code link.*} and {@code zero.*}. */
    public static final SpecType<Link> LINK = new SpecType<>("link", Link.class, MigrationConfig::link);
    /** {@code precopy.*}, {@code throttle.*}, {@code postcopy.precopy-passes}. */
    public static final SpecType<PrecopySpec> PRECOPY = new SpecType<>("pre-copy", PrecopySpec.class, MigrationConfig::precopy);
    /** {@code trace.*} but {@code trace.end}. */
    public static final SpecType<TraceSpec> TRACES = new SpecType<>("traces", TraceSpec.class, MigrationConfig::traces);
    /** {@code dest.*}, and {@code seed}. */
    public static final SpecType<DestinationSpec> DESTINATION =
            new SpecType<>("destination", DestinationSpec.class, MigrationConfig::destination);
    /** {@code sriov.*}. */
    public static final SpecType<SriovSpec> SRIOV = new SpecType<>("SR-IOV", SriovSpec.class, MigrationConfig::sriov);

    /** {@code orchestrator.*}. */
    public static final SpecType<OrchestrationSpec> ORCHESTRATION =
            new SpecType<>("orchestration", OrchestrationSpec.class, MigrationConfig::orchestration);

    private static final List<SpecType<?>> SPECS = List.of(RUN, LINK, PRECOPY, TRACES, DESTINATION, SRIOV, ORCHESTRATION);
    private static final List<ConfigKey> KEYS;
    private static final Map<String, ConfigKey> BY_NAME;

    static {
        List<ConfigKey> k = KeyDeclarations.all();
        KEYS = Collections.unmodifiableList(k);
        Map<String, ConfigKey> byName = new LinkedHashMap<>();
        for (ConfigKey key : k) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalStateException("duplicate key " + key.name());
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        checkBindings();
    }

    /** Every key fills at least one component of its type, and every spec component is filled by exactly one key. */
    private static void checkBindings() {
        Map<SpecType<?>, String[]> filledBy = new IdentityHashMap<>();
        for (SpecType<?> spec : SPECS) {
            filledBy.put(spec, new String[spec.componentCount()]);
        }
        for (ConfigKey key : KEYS) {
            if (key.targets().isEmpty()) {
                throw new IllegalStateException("key " + key.name() + " fills no spec component");
            }
            for (Target t : key.targets()) {
                String[] filled = filledBy.get(t.spec());
                if (filled == null) {
                    throw new IllegalStateException("key " + key.name() + " fills " + t.spec() + ", not a spec of MigrationConfig");
                }
                if (filled[t.index()] != null) {
                    throw new IllegalStateException(t.spec() + "." + t.componentName() + " filled by both "
                            + filled[t.index()] + " and " + key.name());
                }
                if (!key.codec().fits(t.spec().componentType(t.index()))) {
                    throw new IllegalStateException("key " + key.name() + " cannot fill " + t.spec() + "." + t.componentName()
                            + " of type " + t.spec().componentType(t.index()).getSimpleName());
                }
                filled[t.index()] = key.name();
            }
        }
        for (SpecType<?> spec : SPECS) {
            String[] filled = filledBy.get(spec);
            for (int i = 0; i < filled.length; i++) {
                if (filled[i] == null) {
                    throw new IllegalStateException(spec + "." + spec.componentName(i) + " has no key");
                }
            }
        }
    }

    /** The spec groups, in {@link MigrationConfig} component order. */
    public static List<SpecType<?>> specTypes() {
        return SPECS;
    }

    /**
     * The specs the defaults overlaid with {@code overrides} describe, each built and validated from
     * the keys that fill it.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    public static Specs specs(Map<String, String> overrides) {
        Map<String, String> text = resolve(overrides);
        Map<SpecType<?>, Object[]> values = new IdentityHashMap<>();
        for (SpecType<?> spec : SPECS) {
            values.put(spec, new Object[spec.componentCount()]);
        }
        for (ConfigKey key : KEYS) {
            Object value = key.codec().parse(key, text.get(key.name()));
            for (Target t : key.targets()) {
                values.get(t.spec())[t.index()] = value;
            }
        }
        Map<SpecType<?>, Record> built = new IdentityHashMap<>();
        for (SpecType<?> spec : SPECS) {
            built.put(spec, spec.create(values.get(spec)));
        }
        return new Specs(built);
    }

    /** The specs of one parsed configuration, by group. */
    public static final class Specs {
        private final Map<SpecType<?>, Record> specs;

        private Specs(Map<SpecType<?>, Record> specs) {
            this.specs = specs;
        }

        public <R extends Record> R get(SpecType<R> type) {
            return type.type().cast(specs.get(type));
        }
    }

    /**
     * Checks a value built in code against key {@code name}'s range (spec constructors call this).
     *
     * @throws IllegalArgumentException naming the key, the value and the allowed range
     */
    public static void checkRange(String name, long value) {
        key(name).checkRange(value);
    }

    /** As {@link #checkRange(String, long)}, for fractions. */
    public static void checkRange(String name, double value) {
        key(name).checkRange(value);
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
}
