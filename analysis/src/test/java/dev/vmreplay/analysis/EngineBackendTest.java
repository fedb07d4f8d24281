package dev.vmreplay.analysis;

import dev.vmreplay.analysis.demo.GeneratedDemoFleet;
import dev.vmreplay.analysis.results.RunSpec;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineBackendTest {
    private final EngineBackend backend = new EngineBackend();

    @TempDir
    Path dir;

    @Test
    void presetsAndSettingsComeFromTheEngine() {
        assertEquals(Presets.names(), backend.presetNames());
        Map<String, String> s = backend.effectiveSettings("qemu-precopy", Map.of("link.bandwidth", "25Gbit/s"));
        assertTrue(s.containsKey("precopy.downtime-target"), s.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.effectiveSettings("qemu-precopy", Map.of("link.bandwith", "1Gbit/s")));
        assertTrue(e.getMessage().contains("link.bandwith"), e.getMessage());
    }

    @Test
    void anIoTraceIsNotAcceptedAsAMemoryTrace() {
        List<RunSpec> fleet = new GeneratedDemoFleet().prepare(dir);
        RunSpec db = fleet.get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.checkTraces(db.ioTrace(), null, 0));
        assertTrue(e.getMessage().contains("not a memory access trace"), e.getMessage());
        backend.checkTraces(db.trace(), db.ioTrace(), 0);
    }

    @Test
    void runsAreLabelledWithTheGridLabelNotThePath() {
        RunSpec web = new GeneratedDemoFleet().prepare(dir).get(1);
        RunResult r = backend.run(new RunSpec(web.tracePath(), null, "fleet/web", null, "stop-and-copy",
                Map.of("link.bandwidth", "25Gbit/s"), 0));
        assertEquals("fleet/web", r.trace());
        assertEquals("stop-and-copy", r.preset());
        assertTrue(r.metrics().downtimeNanos() > 0);
        assertEquals("25Gbit/s", r.effectiveConfig().get("link.bandwidth"));
    }
}
