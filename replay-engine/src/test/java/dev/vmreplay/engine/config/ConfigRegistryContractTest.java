package dev.vmreplay.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.OrchestrationSpec;
import dev.vmreplay.engine.config.ConfigKey.Kind;
import dev.vmreplay.engine.config.ConfigKey.Target;
import dev.vmreplay.engine.destination.PopulatePolicy;
import dev.vmreplay.engine.destination.ZeroPagePolicy;
import dev.vmreplay.engine.sriov.HandoverPolicy;
import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every key of {@link ConfigRegistry} keeps with {@link MigrationConfig} and its specs. */
class ConfigRegistryContractTest {

    static Stream<String> keyNames() {
        return ConfigRegistry.keys().stream().map(ConfigKey::name);
    }

    /** Texts every key accepts: its default, the ends of its range, its special word, every choice. */
    static List<String> validTexts(ConfigKey key) {
        Set<String> texts = new LinkedHashSet<>();
        texts.add(key.defaultText());
        switch (key.kind()) {
            case CHOICE -> texts.addAll(key.choices());
            case BOOLEAN -> texts.addAll(List.of("on", "off"));
            case FRACTION -> texts.addAll(List.of("0", "0.25", "1"));
            default -> {
                texts.add(key.format((long) key.min()));
                texts.add(key.format((long) key.max()));
                if (key.specialWord() != null) {
                    texts.add(key.specialWord());
                }
            }
        }
        return new ArrayList<>(texts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void everyKeyRoundTripsThroughItsCanonicalText(String name) {
        ConfigKey key = ConfigRegistry.key(name);
        for (String text : validTexts(key)) {
            MigrationConfig parsed = MigrationConfig.of(Map.of(key.name(), text));
            Map<String, String> printed = parsed.effectiveSettings();
            assertEquals(key.canonical(text), printed.get(key.name()), key.name() + " = " + text);
            MigrationConfig reparsed = MigrationConfig.of(printed);
            assertEquals(parsed, reparsed, key.name() + " = " + text);
            assertEquals(printed, reparsed.effectiveSettings(), key.name() + " = " + text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void everyKeyChangesTheSpecComponentItDeclares(String name) {
        ConfigKey key = ConfigRegistry.key(name);
        MigrationConfig defaults = MigrationConfig.defaults();
        String other = validTexts(key).stream()
                .filter(t -> !key.canonical(t).equals(key.canonical(key.defaultText())))
                .findFirst().orElseThrow();
        MigrationConfig changed = MigrationConfig.of(Map.of(key.name(), other));
        for (Target t : key.targets()) {
            assertNotEquals(read(t, defaults), read(t, changed), key.name() + " -> " + t.spec() + "." + t.componentName());
            assertEquals(key.value(other), widen(read(t, changed)), key.name() + " -> " + t.componentName());
        }
        Map<String, String> a = defaults.effectiveSettings();
        Map<String, String> b = changed.effectiveSettings();
        long differing = a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).count();
        assertEquals(1, differing, key.name() + " changes its own text only");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void everyComponentNameCarriesItsKeysUnit(String name) {
        ConfigKey key = ConfigRegistry.key(name);
        String suffix = switch (key.kind()) {
            case DURATION -> "Nanos";
            case SIZE -> "Bytes";
            case RATE -> "BytesPerSec";
            case COUNT_RATE -> "PerSec";
            default -> "";
        };
        for (Target t : key.targets()) {
            assertTrue(t.componentName().endsWith(suffix), key.name() + " fills " + t.componentName() + ", unit " + suffix);
        }
    }

    @Test
    void everyChoiceKeyAllowsExactlyItsEnumsConfigNames() {
        Set<Class<?>> enums = new HashSet<>();
        for (ConfigKey key : ConfigRegistry.keys()) {
            if (key.kind() != Kind.CHOICE) {
                continue;
            }
            Class<?> type = key.targets().get(0).spec().componentType(key.targets().get(0).index());
            if (!type.isEnum()) {
                assertEquals("trace.granularity", key.name(), "a choice without an enum is a size");
                continue;
            }
            List<String> names = Stream.of(type.getEnumConstants()).map(c -> ((ConfigChoice) c).configName()).toList();
            assertEquals(names, key.choices(), key.name());
            assertEquals(String.join(" | ", names), key.allowedText(), key.name());
            assertTrue(names.contains(key.defaultText()), key.name());
            enums.add(type);
        }
        assertEquals(Set.of(MigrationConfig.Mode.class, MigrationConfig.Sync.class, MigrationConfig.OnStuck.class,
                MigrationConfig.CoarsePolicy.class, MigrationConfig.TraceEnd.class, PopulatePolicy.class,
                ZeroPagePolicy.class, HandoverPolicy.class, OrchestrationSpec.TimeoutAction.class,
                OrchestrationSpec.DataSize.class), enums);
    }

    @Test
    void enumParsingIgnoresCaseAndFailsAsTheRegistryDoes() {
        assertEquals(PopulatePolicy.BEFORE_RESUME, ConfigChoice.parse(PopulatePolicy.class, "dest.populate", " Before-Resume "));
        IllegalArgumentException fromEnum = assertThrows(IllegalArgumentException.class,
                () -> ConfigChoice.parse(HandoverPolicy.class, "sriov.handover", "drain"));
        IllegalArgumentException fromRegistry = assertThrows(IllegalArgumentException.class,
                () -> MigrationConfig.of(Map.of("sriov.handover", "drain")));
        assertEquals("configuration key 'sriov.handover': invalid value 'drain' (not one of the choices); "
                + "allowed: drain-during-stun | quiesce-before-stun", fromRegistry.getMessage());
        assertEquals(fromRegistry.getMessage(), fromEnum.getMessage());
    }

    @Test
    void everySpecComponentIsFilledByExactlyOneKey() {
        int components = 0;
        for (SpecType<?> spec : ConfigRegistry.specTypes()) {
            components += spec.componentCount();
        }
        int targets = 0;
        for (ConfigKey key : ConfigRegistry.keys()) {
            targets += key.targets().size();
        }
        assertEquals(components, targets);
        assertEquals(List.of(MigrationConfig.class.getRecordComponents()).stream().map(c -> c.getType()).toList(),
                ConfigRegistry.specTypes().stream().map(SpecType::type).toList(),
                "one spec group per MigrationConfig component, in order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void everySpecRejectsAValueBelowItsKeysRange(String name) {
        ConfigKey key = ConfigRegistry.key(name);
        Object below;
        switch (key.kind()) {
            case FRACTION -> below = -0.1;
            case DURATION, SIZE, RATE, COUNT, COUNT_RATE -> {
                long v = (long) key.min() - 1;
                if (key.specialWord() != null && v == key.specialValue()) {
                    return; // below the range is the special word (trace.install-vcpus 0 = all)
                }
                below = v;
            }
            default -> {
                return;
            }
        }
        MigrationConfig defaults = MigrationConfig.defaults();
        Target t = key.targets().get(0);
        assertThrows(IllegalArgumentException.class, () -> rebuilt(t, defaults, below), key.name() + " = " + below);
    }

    private static Object rebuilt(Target t, MigrationConfig config, Object value) {
        return rebuilt(t.spec(), t.index(), config, value);
    }

    private static <R extends Record> R rebuilt(SpecType<R> type, int index, MigrationConfig config, Object value) {
        Object[] values = new Object[type.componentCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = type.read(type.in(config), i);
        }
        values[index] = value;
        return type.create(values);
    }

    private static Object read(Target t, MigrationConfig config) {
        return read(t.spec(), t.index(), config);
    }

    private static <R extends Record> Object read(SpecType<R> type, int index, MigrationConfig config) {
        return type.read(type.in(config), index);
    }

    private static Object widen(Object value) {
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    @Test
    void sizeChoicePrintsAsItsChoices() {
        for (String size : ConfigRegistry.key("trace.granularity").choices()) {
            assertEquals(size, Quantity.formatBytes(Quantity.parseBytes(size)));
        }
    }
}
