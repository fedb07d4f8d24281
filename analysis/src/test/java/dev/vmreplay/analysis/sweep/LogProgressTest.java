package dev.vmreplay.analysis.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.analysis.results.RunSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter text = new StringWriter();
    private final LogProgress progress = new LogProgress(new PrintWriter(text), "sweep", now::get, false);

    private static RunSpec run(String trace) {
        return new RunSpec(Path.of(trace), null, trace, null, "qemu-precopy", Map.of("link.bandwidth", "1Gbit/s"), 0);
    }

    private List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void aLinePerFinishedRunAtMostOneASecondAndAlwaysTheLast() {
        progress.started(4, 0);
        now.set(1_500_000_000L);
        progress.finished(run("a"), 1, 4);
        now.set(1_600_000_000L);
        progress.finished(run("b"), 2, 4); // 0.1 s after the last line: folded into the next
        now.set(2_700_000_000L);
        progress.finished(run("c"), 3, 4);
        now.set(2_800_000_000L);
        progress.finished(run("d"), 4, 4);
        progress.ended();
        assertEquals(List.of("sweep: [1/4] finished a qemu-precopy link.bandwidth=1Gbit/s",
                "sweep: [3/4] finished c qemu-precopy link.bandwidth=1Gbit/s",
                "sweep: [4/4] finished d qemu-precopy link.bandwidth=1Gbit/s"), lines());
    }

    @Test
    void tenQuietSecondsGiveALineSoALongRunIsNeverSilent() {
        progress.started(2, 0);
        now.set(9_000_000_000L);
        progress.tick();
        assertEquals(List.of(), lines());
        now.set(10_000_000_000L);
        progress.tick();
        now.set(15_000_000_000L);
        progress.tick();
        now.set(20_000_000_000L);
        progress.tick();
        assertEquals(List.of("sweep: [0/2] still running, 10 s so far", "sweep: [0/2] still running, 20 s so far"), lines());
    }

    @Test
    void unknownTotalCountsRuns() {
        progress.started(0, 0);
        now.set(2_000_000_000L);
        progress.finished(run("a"), 7, 0);
        assertEquals(List.of("sweep: [7 runs] finished a qemu-precopy link.bandwidth=1Gbit/s"), lines());
    }
}
