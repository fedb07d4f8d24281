package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IneffectiveSettingsTest {

    @Test
    void defaultsHaveNoNotes() {
        assertEquals(List.of(), IneffectiveSettings.notes(MigrationConfig.defaults(), false));
    }

    @Test
    void sriovKeyWithoutIoTraceIsNotedAndWithOneIsNot() {
        MigrationConfig c = MigrationConfig.of(Map.of("sriov.handover", "quiesce-before-stun"));
        assertEquals(List.of("sriov.handover=quiesce-before-stun has no effect: the run has no IO trace (--io) to "
                + "replay through the VF"), IneffectiveSettings.notes(c, false));
        assertEquals(List.of(), IneffectiveSettings.notes(c, true));
    }

    @Test
    void coarsePolicyAtSmallPageGranularityIsNoted() {
        MigrationConfig small = MigrationConfig.of(Map.of("trace.coarse-policy", "refine"));
        assertEquals(1, IneffectiveSettings.notes(small, false).size());
        assertTrue(IneffectiveSettings.notes(small, false).get(0).startsWith("trace.coarse-policy=refine has no effect"));
        MigrationConfig coarse = MigrationConfig.of(Map.of("trace.coarse-policy", "refine", "trace.granularity", "2MiB"));
        assertEquals(List.of(), IneffectiveSettings.notes(coarse, false));
    }

    @Test
    void throttleStepsWithoutThrottlingAreNoted() {
        MigrationConfig c = MigrationConfig.of(Map.of("throttle.step", "0.2"));
        assertEquals(1, IneffectiveSettings.notes(c, false).size());
        MigrationConfig throttled = MigrationConfig.of(Map.of("throttle.step", "0.2", "precopy.on-stuck", "throttle"));
        assertEquals(List.of(), IneffectiveSettings.notes(throttled, false));
    }

    @Test
    void throttleStepsMatterWithAutoConvergeAndTheTriggerOnlyWithIt() {
        MigrationConfig auto = MigrationConfig.of(Map.of("throttle.step", "0.2", "precopy.auto-converge", "on",
                "throttle.trigger-threshold", "0.6"));
        assertEquals(List.of(), IneffectiveSettings.notes(auto, false));
        MigrationConfig stuckThrottle = MigrationConfig.of(Map.of("throttle.trigger-threshold", "0.6",
                "precopy.on-stuck", "throttle"));
        assertEquals(List.of("throttle.trigger-threshold=0.6 has no effect: precopy.auto-converge is off"),
                IneffectiveSettings.notes(stuckThrottle, false));
    }

    @Test
    void orchestratorAndPostcopyKeysWithoutTheirMechanismAreNoted() {
        MigrationConfig c = MigrationConfig.of(Map.of("orchestrator.timeout-action", "pause",
                "orchestrator.downtime-step-delay", "10s", "postcopy.max-bandwidth", "32MiB/s"));
        assertEquals(3, IneffectiveSettings.notes(c, false).size(), IneffectiveSettings.notes(c, false).toString());
        MigrationConfig on = MigrationConfig.of(Map.of("orchestrator.timeout-action", "postcopy",
                "orchestrator.completion-timeout", "150s", "postcopy.max-bandwidth", "32MiB/s"));
        assertEquals(List.of(), IneffectiveSettings.notes(on, false));
    }

    @Test
    void everyPresetRunWithAnIoTraceHasNoNote() {
        for (String name : Presets.names()) {
            assertEquals(List.of(), IneffectiveSettings.notes(Presets.config(name, Map.of()), true), name);
        }
    }
}
