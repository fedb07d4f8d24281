package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.engine.technique.DowntimeLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The orchestrator's schedule and timeouts worked from Nova's and KubeVirt's sources. */
class OrchestratorTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    private static Orchestrator orchestrator(Map<String, String> settings, long memoryBytes, DowntimeLimit limit) {
        MigrationConfig c = MigrationConfig.of(settings);
        return new Orchestrator(c.orchestration(), memoryBytes, c.precopy().downtimeTargetNanos(), limit, 0);
    }

    /** Polls until {@code t} (inclusive), returns the action of the last poll. */
    private static Orchestrator.Action pollUntil(Orchestrator o, long t, long remainingBytes) {
        Orchestrator.Action a = Orchestrator.Action.NONE;
        while (o.nextPollNanos() <= t) {
            a = o.poll(remainingBytes);
        }
        return a;
    }

    @Test
    void novaDowntimeStepsFollowDowntimeSteps() {
        // nova/virt/libvirt/migration.py downtime_steps with the defaults on a 4 GiB guest: delay = int(75 x 4) =
        // 300 s; base = 500 / 10 = 50, offset = (500 - 50) / 10 = 45; step i from elapsed > 300 x i: int(50 + 45 i) ms.
        DowntimeLimit limit = new DowntimeLimit(0);
        Orchestrator o = orchestrator(Presets.settings("nova-defaults"), 4 * GIB, limit);
        assertEquals(50 * MS, limit.nanos(), "step 0 from the start");
        for (int i = 1; i <= 10; i++) {
            pollUntil(o, 300 * S * i, 1);
            assertEquals((50 + 45 * (i - 1)) * MS, limit.nanos(), "at exactly " + 300 * i + " s step " + i + " is not due yet");
            pollUntil(o, 300 * S * i + S / 2, 1);
            assertEquals((50 + 45 * i) * MS, limit.nanos(), "step " + i);
        }
        pollUntil(o, 4000 * S, 1);
        assertEquals(500 * MS, limit.nanos(), "the last step stays");
    }

    @Test
    void novaSizesSmallGuestsAsTwoGib() {
        // _live_migration_data_gb: ram_gb < 2 counts as 2; the completion timeout is int(800 x 2) = 1600 s
        DowntimeLimit limit = new DowntimeLimit(0);
        Orchestrator o = orchestrator(Presets.settings("nova-defaults"), GIB / 2, limit);
        assertEquals(1600 * S, o.completionTimeoutNanos());
        assertEquals(Orchestrator.Action.NONE, pollUntil(o, 1600 * S, 1));
        assertEquals(Orchestrator.Action.ABORT, pollUntil(o, 1600 * S + S / 2, 1), "elapsed > completion_timeout");
        DowntimeLimit l2 = new DowntimeLimit(0);
        Orchestrator o2 = orchestrator(Presets.settings("nova-defaults"), GIB / 2, l2);
        pollUntil(o2, 150 * S + S / 2, 1);
        assertEquals(95 * MS, l2.nanos(), "delay int(75 x 2) = 150 s");
    }

    @Test
    void kubevirtSizesInDecimalGigabytesRoundedUpAndComparesWholeSeconds() {
        // getVMIMigrationDataSize: 1 GiB = 1.07 GB -> 2; acceptableCompletionTime = 150 x 2 = 300 s;
        // shouldTriggerTimeout: elapsed / time.Second > 300, so 300.9 s is not past it and 301 s is.
        Orchestrator o = orchestrator(Map.of("orchestrator.completion-timeout", "150s",
                "orchestrator.data-size", "kubevirt", "orchestrator.poll-interval", "100ms"), GIB, new DowntimeLimit(0));
        assertEquals(300 * S, o.completionTimeoutNanos());
        assertEquals(Orchestrator.Action.NONE, pollUntil(o, 300 * S + 900 * MS, 1));
        assertEquals(Orchestrator.Action.ABORT, pollUntil(o, 301 * S, 1));
    }

    @Test
    void progressTimeoutAbortsWhenTheRemainingDataStopsFalling() {
        // isMigrationProgressing: progress = remaining below the previous poll's; abort once (now - last
        // progress) / 1 s > progressTimeout.
        Orchestrator o = orchestrator(Map.of("orchestrator.progress-timeout", "2s",
                "orchestrator.data-size", "kubevirt", "orchestrator.poll-interval", "500ms"), GIB, new DowntimeLimit(0));
        assertEquals(Orchestrator.Action.NONE, pollUntil(o, S, 1000)); // first poll at 0.5 s is progress
        // remaining falls at 1.0 s, then stays: last progress at 1.0 s; (4.0 - 1.0) = 3 > 2 first at 4.0 s
        assertEquals(Orchestrator.Action.NONE, o.poll(900)); // 1.5 s: 900 < 1000, progress at 1.5 s
        assertEquals(Orchestrator.Action.NONE, pollUntil(o, 4 * S, 900));
        assertEquals(Orchestrator.Action.ABORT, pollUntil(o, 4_500_000_000L, 900), "(4.5 - 1.5) s = 3 > 2");
    }

    @Test
    void completionTimeoutWithPostcopyOrPauseComesBeforeTheProgressAbort() {
        Map<String, String> s = new java.util.HashMap<>(Map.of("orchestrator.completion-timeout", "1s",
                "orchestrator.progress-timeout", "1s", "orchestrator.data-size", "kubevirt",
                "orchestrator.poll-interval", "500ms"));
        s.put("orchestrator.timeout-action", "postcopy");
        assertEquals(Orchestrator.Action.POSTCOPY, pollUntil(orchestrator(s, GIB / 2, new DowntimeLimit(0)), 2 * S, 5));
        s.put("orchestrator.timeout-action", "pause");
        assertEquals(Orchestrator.Action.PAUSE, pollUntil(orchestrator(s, GIB / 2, new DowntimeLimit(0)), 2 * S, 5));
    }
}
