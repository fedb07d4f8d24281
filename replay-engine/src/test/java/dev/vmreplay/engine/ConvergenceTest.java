package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.InMemoryMemoryTrace;
import dev.vmreplay.trace.MemoryBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How pre-copy ends at the convergence edge, on guests built so every number can be worked by hand:
 * frictionless settings (no headers, costs or device state), a 64 MiB guest (16384 pages) and a 64 MiB/s
 * link, so a page takes 1/16384 s and a full pass 1 s.
 */
class ConvergenceTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long MIB = 1L << 20;
    private static final int PAGES = 16384;

    /**
     * One vCPU rewriting pages {@code [0, hot)} every {@code cycleSeconds} until {@code burstEnd} s, then writing
     * pages from {@code hot} on in address order at {@code afterPerSec} until {@code end} s.
     */
    private static InMemoryMemoryTrace burstThenSlow(int hot, double cycleSeconds, double burstEnd, long afterPerSec,
                                                     double end) {
        double perSec = hot / cycleSeconds;
        int burst = (int) Math.ceil(burstEnd * perSec);
        int after = (int) ((end - burstEnd) * afterPerSec);
        MemoryBatch rows = new MemoryBatch(burst + after + 1);
        for (int j = 0; j < burst; j++) {
            long t = (long) Math.floor(j * 1e9 / perSec);
            if (t >= burstEnd * 1e9) {
                break;
            }
            rows.add(t, 0, (long) (j % hot) * 4096, 4096, MemoryBatch.OP_WRITE);
        }
        for (int k = 0; k < after; k++) {
            long t = Math.round(burstEnd * 1e9 + k * 1e9 / afterPerSec);
            rows.add(t, 0, (hot + (long) (k % (PAGES - hot))) * 4096, 4096, MemoryBatch.OP_WRITE);
        }
        return new InMemoryMemoryTrace(rows, Guests.manifest((long) PAGES * 4096, 1), 4096);
    }

    private static Map<String, String> settings(String... kv) {
        Map<String, String> s = Guests.frictionless("64MiB/s", "100ms");
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        return s;
    }

    private static RunResult run(InMemoryMemoryTrace trace, Map<String, String> s) {
        return ReplayEngine.run(trace::reopen, null, MigrationConfig.of(s), "t");
    }

    @Test
    void continueIteratesThroughABurstAndConvergesInThePassAfterIt() {
        // Until 2 s the guest rewrites 4096 hot pages every 50 ms: every pass after the first ends with all of
        // them dirty, 4096 pages = 250 ms > 100 ms. Pass 0 [0,1) s, passes 1..4 of 4096 pages, 250 ms each, end
        // at 1.25, 1.5, 1.75, 2.0 s. From 2 s it writes 4096 pages/s elsewhere: pass 5 [2.0, 2.25) dirties
        // 1024 pages = 62.5 ms <= 100 ms, so it converges at 2.25 s after 6 passes.
        var trace = burstThenSlow(4096, 0.05, 2.0, 4096, 4.0);
        RunResult r = run(trace, settings("precopy.on-stuck", "continue"));
        Metrics m = r.metrics();
        assertEquals("converged", m.outcome());
        assertEquals(6, m.iterations());
        assertEquals(2_250 * MS, m.outcomeNanos(), 1);
        assertEquals(62_500_000L, m.downtimeNanos(), 1);
        assertEquals(2_312_500_000L, m.totalNanos(), 1);
        assertEquals((64 + 4 * 16 + 16 + 4) * MIB, m.bytesSent(), "pass 0, four hot passes, pass 5, the final copy");
        List<PassStats> p = r.passes();
        for (int k = 1; k <= 4; k++) {
            assertEquals(4096, p.get(k).pagesSent(), "pass " + k);
        }
    }

    @Test
    void forceSwitchesOverOnTheSecondSyncWithoutProgress() {
        // No-progress rule: syncs 2 (1.25 s) and 3 (1.5 s) each find the pass's 4096 pages dirty again: forced
        // at 1.5 s with the 4096 hot pages left, 250 ms of downtime.
        var trace = burstThenSlow(4096, 0.05, 2.0, 4096, 4.0);
        Metrics m = run(trace, settings("precopy.on-stuck", "force")).metrics();
        assertEquals("forced", m.outcome());
        assertEquals(3, m.iterations());
        assertEquals(1_500 * MS, m.outcomeNanos(), 1);
        assertEquals(250 * MS, m.downtimeNanos(), 1);
    }

    @Test
    void aMigrationThatNeverConvergesEndsAtTheReplaysBound() {
        var trace = burstThenSlow(4096, 0.05, 6.0, 4096, 6.0);
        Metrics m = run(trace, settings("precopy.on-stuck", "continue", "migration.timeout", "3s")).metrics();
        assertEquals("timed-out", m.outcome());
        assertEquals(3 * S, m.outcomeNanos());
        assertEquals(3 * S, m.totalNanos());
        assertEquals(0, m.downtimeNanos(), "the guest never stopped");
        assertEquals(false, m.converged());
        assertEquals(false, m.aborted());
    }

    @Test
    void autoConvergeThrottlesOnQemusScheduleAndTheGuestSleepsItsShare() {
        // The guest writes 24576 pages/s in address order, 1.5x the link: every pass sends and dirties all
        // 16384 pages, 1 s each, so syncs fall at 1, 2, 3... s. QEMU checks the trigger at a sync more than
        // 1000 ms after the last check: at 2, 4, 6... s; each period dirties as much as it sent (> 50%), and
        // every second such period steps the throttle: 20% at 4 s, 30% at 8 s, 40% at 12 s.
        long perSec = 24576;
        var trace = Guests.sequentialCyclicWriter((long) PAGES * 4096, perSec, 16);
        Map<String, String> s = settings("precopy.on-stuck", "continue", "precopy.auto-converge", "on",
                "migration.timeout", "13s", "precopy.downtime-target", "300ms");
        RunResult r = run(trace, s);
        assertEquals("timed-out", r.metrics().outcome(), "at 40% the guest still dirties 0.9 x the link");
        assertEquals(0.4, r.metrics().throttleMax(), 1e-12, "set at the 12 s sync");
        List<PassStats> p = r.passes();
        assertEquals(12, p.size(), "passes 0..11 closed; pass 12 was cut by migration.timeout");
        double[] expectedShare = {0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3};
        for (int k = 0; k < expectedShare.length; k++) {
            PassStats pass = p.get(k);
            assertEquals(k * S, pass.startNanos(), 1, "pass " + k + " starts at " + k + " s");
            // a throttled vCPU sleeps pct/(1-pct) x 10 ms after every 10 ms it runs: pct of the pass's time
            double share = pass.guestStallVcpuNanos() / (double) pass.durationNanos();
            assertEquals(expectedShare[k], share, 0.002, "throttle share during pass " + k);
        }
    }

    @Test
    void novaStepsTheLimitUntilTheGuestFitsAndConvergesAtTheStepThatFits() {
        // A guest whose passes end with 3072 hot pages dirty: 187.5 ms at the link. Nova's schedule with a 1 s
        // per GiB delay on this guest (2 GiB minimum: steps 2 s apart), 500 ms over 10 steps: 50, 95, 140, 185,
        // 230 ms... Step 4 (230 ms) applies at the first poll past 8 s (8.5 s); step 3 (185 ms) is 2.5 ms short.
        var trace = burstThenSlow(3072, 0.05, 12.0, 4096, 12.0);
        Map<String, String> s = settings("precopy.on-stuck", "continue", "precopy.downtime-target", "500ms",
                "orchestrator.downtime-steps", "10", "orchestrator.downtime-step-delay", "1s",
                "orchestrator.poll-interval", "500ms", "orchestrator.data-size", "nova");
        Metrics m = run(trace, s).metrics();
        assertEquals("converged", m.outcome());
        assertEquals(230 * MS, m.downtimeLimitFinalNanos());
        // passes of 3072 pages (187.5 ms) from 1 s: a sync falls at 1 + 40 x 0.1875 = 8.5 s, the poll's time; at
        // one instant the poll goes first, so that sync already sees 230 ms
        assertEquals(8_500_000_000L, m.outcomeNanos(), 1);
        assertEquals(187_500_000L, m.downtimeNanos(), 1);
    }

    @Test
    void eachCompletionTimeoutActionGivesItsOutcome() {
        // 2 s per GB on a 64 MiB guest (KubeVirt sizing: 1 GB): past 2 whole seconds, at the 3 s poll
        var trace = burstThenSlow(4096, 0.05, 8.0, 4096, 8.0);
        for (String[] c : new String[][] {{"abort", "aborted"}, {"pause", "paused"}, {"postcopy", "postcopy-fallback"}}) {
            Map<String, String> s = settings("precopy.on-stuck", "continue", "orchestrator.completion-timeout", "2s",
                    "orchestrator.data-size", "kubevirt", "orchestrator.poll-interval", "500ms",
                    "orchestrator.timeout-action", c[0], "migration.mode", "precopy");
            Metrics m = run(trace, s).metrics();
            assertEquals(c[1], m.outcome(), c[0]);
            assertEquals(3 * S, m.outcomeNanos(), c[0]);
            if (c[0].equals("abort")) {
                assertEquals(0, m.downtimeNanos());
                assertTrue(m.aborted());
            } else if (c[0].equals("pause")) {
                // paused at 3 s mid-pass (pass 9 of 4096 pages began at 3.0 s - the pass boundary): every hot
                // page left goes at the link rate, 250 ms
                assertEquals(250 * MS, m.downtimeNanos(), 1);
            } else {
                assertTrue(m.downtimeNanos() < 10 * MS, "post-copy resumes after the device state: " + m.downtimeNanos());
            }
        }
    }

    @Test
    void kubevirtAbortsAMigrationWhoseRemainingDataStopsFalling() {
        // Passes of 4096 pages take 250 ms from 1 s on, so every 500 ms poll from 1 s falls on a pass boundary
        // and sees the pass just sent: 0 remaining, never below the poll before. Last progress at 1.0 s (0
        // after 0.5 s's 8192); (t - 1.0 s) / 1 s > 2 first at 4.0 s.
        var trace = burstThenSlow(4096, 0.05, 8.0, 4096, 8.0);
        Map<String, String> s = settings("precopy.on-stuck", "continue", "orchestrator.progress-timeout", "2s",
                "orchestrator.data-size", "kubevirt", "orchestrator.poll-interval", "500ms");
        Metrics m = run(trace, s).metrics();
        assertEquals("aborted", m.outcome());
        assertEquals(4 * S, m.outcomeNanos());
    }

    @Test
    void switchoverBandwidthLetsTheDowntimeEstimateUseTheLinkInsteadOfTheCap() {
        // 4096 hot pages rewritten every 50 ms: at a 64 MiB/s pre-copy cap they take 250 ms > the 100 ms limit,
        // forever. Assuming the link's 1 GiB/s for the switch-over (QEMU 8.2 avail-switchover-bandwidth), the
        // same 16 MiB fit in 15.6 ms: it switches at the first sync (1 s), and the final copy does run at link speed.
        var trace = burstThenSlow(4096, 0.05, 8.0, 4096, 8.0);
        Map<String, String> s = settings("precopy.on-stuck", "continue", "link.bandwidth", "1GiB/s",
                "precopy.max-bandwidth", "64MiB/s", "migration.timeout", "3s");
        assertEquals("timed-out", run(trace, s).metrics().outcome());
        s.put("precopy.switchover-bandwidth", "1GiB/s");
        Metrics m = run(trace, s).metrics();
        assertEquals("converged", m.outcome());
        assertEquals(1_000 * MS, m.outcomeNanos(), 1, "the first sync: pass 0 ends with the 4096 hot pages to send");
        assertEquals(15_625_000L, m.downtimeNanos(), 1, "4096 pages at 1 GiB/s");
    }

    @Test
    void postcopyPushesAtItsOwnCap() {
        // Post-copy without pre-copy on an idle guest: all 16384 pages are pushed after resume, at the link's
        // 64 MiB/s (1 s), or at postcopy.max-bandwidth 16 MiB/s (4 s); demand fetches are not capped.
        var idle = new InMemoryMemoryTrace(new MemoryBatch(1), Guests.manifest((long) PAGES * 4096, 1), 4096);
        Map<String, String> s = settings("migration.mode", "postcopy", "postcopy.precopy-passes", "0");
        assertEquals(1 * S, run(idle, s).metrics().totalNanos(), 1);
        s.put("postcopy.max-bandwidth", "16MiB/s");
        Metrics capped = run(idle, s).metrics();
        assertEquals(4 * S, capped.totalNanos(), 1);
        assertEquals("completed", capped.outcome());
    }
}
