package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.config.ConfigKey;
import dev.vmreplay.engine.config.ConfigRegistry;
import dev.vmreplay.engine.sriov.HandoverPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigrationConfigTest {

    @Test
    void everyDesignKeyIsInTheRegistryWithADescribedDefault() {
        List<String> design = List.of("migration.start", "link.bandwidth", "link.latency", "link.page-header-bytes",
                "link.streams", "zero.detect", "zero.marker-bytes", "precopy.downtime-target", "precopy.max-passes",
                "precopy.max-bandwidth", "precopy.sync", "precopy.on-stuck", "trace.granularity", "trace.install-vcpus",
                "trace.coarse-policy", "trace.install-cost", "trace.fire-cost", "dest.populate", "dest.zero-pages",
                "dest.map-cost", "dest.fault-cost", "dest.zero-fill-cost", "dest.large-page-availability",
                "sriov.handover", "sriov.pf-extra-latency", "device.state-bytes", "post-resume.window");
        for (String key : design) {
            assertTrue(ConfigRegistry.isKey(key), key);
            assertTrue(ConfigRegistry.key(key).description().length() > 20, key);
        }
        Map<String, String> effective = MigrationConfig.defaults().effectiveSettings();
        assertEquals(ConfigRegistry.keys().stream().map(ConfigKey::name).toList(), List.copyOf(effective.keySet()));
    }

    @Test
    void defaultsAreTheQemuNumbers() {
        MigrationConfig c = MigrationConfig.defaults();
        assertEquals(300_000_000L, c.precopy().downtimeTargetNanos());
        assertEquals(128L << 20, c.precopy().maxBandwidthBytesPerSec());
        assertEquals(8, c.link().pageHeaderBytes());
        assertEquals(1_250_000_000L, c.link().bandwidthBytesPerSec());
        assertEquals(ConfigRegistry.UNLIMITED, c.precopy().maxPasses());
    }

    @Test
    void effectiveSettingsRoundTrip() {
        for (String preset : Presets.names()) {
            MigrationConfig c = Presets.config(preset, Map.of());
            assertEquals(c, MigrationConfig.of(c.effectiveSettings()), preset);
        }
        MigrationConfig odd = MigrationConfig.of(Map.of("link.bandwidth", "1.5Gbit/s", "link.latency", "1.5us",
                "trace.install-vcpus", "3", "dest.large-page-availability", "75%", "precopy.max-passes", "30"));
        assertEquals(187_500_000L, odd.link().bandwidthBytesPerSec());
        assertEquals(1500, odd.link().latencyNanos());
        assertEquals(0.75, odd.destination().largePageAvailability());
        assertEquals(odd, MigrationConfig.of(odd.effectiveSettings()));
        assertEquals("1500Mbit/s", odd.effectiveSettings().get("link.bandwidth"));
        assertEquals("1500ns", odd.effectiveSettings().get("link.latency"));
    }

    @ParameterizedTest
    @CsvSource({
            "link.bandwidth, 10Gbit/s, 1250000000",
            "link.bandwidth, 1GiB/s, 1073741824",
            "link.bandwidth, 100MB/s, 100000000",
            "precopy.downtime-target, 300ms, 300000000",
            "trace.fire-cost, 1.5us, 1500",
            "migration.start, 2s, 2000000000",
            "device.state-bytes, 2MiB, 2097152",
            "device.state-bytes, 4096, 4096",
            "link.latency, 0, 0",
            "link.bandwidth, 800Mbit/s, 100000000",
    })
    void unitsParse(String key, String text, long expected) {
        assertEquals(expected, ConfigRegistry.key(key).longValue(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "link.bandwidth | fast | link.bandwidth",
            "link.bandwidth | 10 | link.bandwidth",
            "link.bandwidth | 0 | 1B/s",
            "precopy.downtime-target | 300 | precopy.downtime-target",
            "precopy.downtime-target | -1ms | precopy.downtime-target",
            "precopy.sync | sometimes | pass-end | below-threshold",
            "trace.granularity | 8KiB | 4KiB | 2MiB | 1GiB",
            "trace.install-vcpus | 0 | all",
            "dest.large-page-availability | 1.5 | 0..1",
            "link.latency | 1.5ns | link.latency",
            "zero.detect | maybe | on | off",
    })
    void badValuesNameTheKeyTheValueAndTheRange(String key, String value, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MigrationConfig.of(Map.of(key, value)));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }

    @Test
    void unknownKeyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MigrationConfig.of(Map.of("link.bandwith", "1Gbit/s")));
        assertTrue(e.getMessage().contains("'link.bandwith'"), e.getMessage());
        assertTrue(e.getMessage().contains("link.bandwidth"), "lists known keys: " + e.getMessage());
    }

    @Test
    void unknownPresetIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.settings("qemu"));
        assertTrue(e.getMessage().contains("'qemu'") && e.getMessage().contains("qemu-precopy"), e.getMessage());
    }

    @Test
    void presetsAreTheDesignList() {
        assertEquals(List.of("stop-and-copy", "qemu-precopy", "vmotion-stop-trace", "postcopy", "qemu-autoconverge",
                "nova-defaults", "kubevirt-defaults", "seeds-all",
                "+few-vcpu-trace", "+coarse-trace", "+populate-before-resume", "+populate-during-transfer",
                "+zero-fill-large-pages", "+quiesce-vf"), Presets.names());
        MigrationConfig qemu = Presets.config("qemu-precopy", Map.of());
        for (String single : List.of("+few-vcpu-trace", "+coarse-trace", "+populate-before-resume",
                "+populate-during-transfer", "+zero-fill-large-pages", "+quiesce-vf")) {
            Map<String, String> a = qemu.effectiveSettings();
            Map<String, String> b = Presets.config(single, Map.of()).effectiveSettings();
            long differing = a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).count();
            assertTrue(differing >= 1 && differing <= 2, single + " changes one technique, " + differing + " keys");
        }
        assertEquals(HandoverPolicy.QUIESCE_BEFORE_STUN, Presets.config("seeds-all", Map.of()).sriov().handover());
    }

    @Test
    void overridesWinOverPresets() {
        MigrationConfig c = Presets.config("qemu-precopy", Map.of("precopy.downtime-target", "50ms"));
        assertEquals(50_000_000L, c.precopy().downtimeTargetNanos());
    }

    @Test
    void configValuesAreReadWithTheSharedUnitsAndPrintedCanonically() {
        MigrationConfig c = Presets.config("qemu-precopy", Map.of("link.bandwidth", "3125000000B/s",
                "throttle.initial", "20%", "sriov.pf-max-rate", "150k/s", "link.latency", "0.05ms",
                "trace.granularity", "2mib", "precopy.on-stuck", "Throttle"));
        assertEquals(3_125_000_000L, c.link().bandwidthBytesPerSec());
        Map<String, String> s = c.effectiveSettings();
        assertEquals("25Gbit/s", s.get("link.bandwidth"));
        assertEquals("0.2", s.get("throttle.initial"));
        assertEquals("150000", s.get("sriov.pf-max-rate"));
        assertEquals("50us", s.get("link.latency"));
        assertEquals("2MiB", s.get("trace.granularity"), "choices ignore case, as unit names do");
        assertEquals("throttle", s.get("precopy.on-stuck"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.config("qemu-precopy", Map.of("link.bandwidth", "10Gb/s")));
        assertTrue(e.getMessage().startsWith("configuration key 'link.bandwidth': invalid value '10Gb/s' ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("ambiguous: write Gbit/s for bits or GB/s for bytes"), e.getMessage());
    }
}
