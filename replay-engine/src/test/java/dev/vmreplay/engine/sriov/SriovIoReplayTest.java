package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.config.ConfigChoice;
import dev.vmreplay.trace.InMemoryIoTrace;
import dev.vmreplay.trace.IoBatch;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked IO replays. Two queues of depth 2; moving VF state costs 1 us; the PF path adds 5 us per
 * request and feeds at most 100k requests/s (one per 10 us).
 *
 * <pre>
 * req   queue  t_ns     service_ns
 * 0     0      0        100_000
 * 1     0      0        10_000
 * 2     0      1_000    10_000     (waits for a slot: fed at 10_000, done 20_000)
 * 10    1      50_000   300_000    (in flight until 350_000: the long one)
 * 3     0      250_000  10_000
 * 11    1      260_000  10_000
 * 4     0      380_000  10_000
 * 5     0      500_000  10_000
 * </pre>
 * The migration starts at 0; pre-copy wants to switch over at 200_000; the engine stuns at the time
 * {@code prepareSwitchOver} returns and resumes 20 us after {@code stun} returns.
 */
class SriovIoReplayTest {
    static final long MOVE = 1_000;
    static final SriovSpec DRAIN = new SriovSpec(HandoverPolicy.DRAIN_DURING_STUN, 5_000, 100_000, MOVE, 32);
    static final SriovSpec QUIESCE = DRAIN.withHandover(HandoverPolicy.QUIESCE_BEFORE_STUN);

    static InMemoryIoTrace trace() {
        IoBatch rows = new IoBatch(16);
        rows.add(0, 0, 0, IoBatch.OP_READ, 0, 4096, 100_000);
        rows.add(0, 0, 1, IoBatch.OP_READ, 4096, 4096, 10_000);
        rows.add(1_000, 0, 2, IoBatch.OP_WRITE, 8192, 4096, 10_000);
        rows.add(50_000, 1, 10, IoBatch.OP_WRITE, 0, 65536, 300_000);
        rows.add(250_000, 0, 3, IoBatch.OP_READ, 0, 4096, 10_000);
        rows.add(260_000, 1, 11, IoBatch.OP_READ, 0, 4096, 10_000);
        rows.add(380_000, 0, 4, IoBatch.OP_READ, 0, 4096, 10_000);
        rows.add(500_000, 0, 5, IoBatch.OP_FLUSH, 0, 0, 10_000);
        return new InMemoryIoTrace(rows, IoTraces.manifest(2, 2), 3);
    }

    record Run(SriovIoReplay replay, long stunAt, long stunDone, long resumeAt, StringBuilder log) {
    }

    static Run migrate(SriovSpec spec) {
        SriovIoReplay replay = IoReplays.create(spec, trace());
        StringBuilder log = new StringBuilder();
        replay.observe(new RequestObserver() {
            @Override
            public void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean viaPf) {
                log.append(requestId).append(viaPf ? "@pf:" : "@vf:").append(takenNanos).append("->").append(completionNanos).append(' ');
            }

            @Override
            public void completed(int queue, long requestId, long completionNanos) {
            }
        });
        replay.migrationStarted(0);
        replay.advanceTo(150_000);
        long stunAt = replay.prepareSwitchOver(200_000);
        replay.advanceTo(stunAt);
        long stunDone = replay.stun(stunAt);
        long resumeAt = stunDone + 20_000;
        replay.advanceTo(resumeAt);
        replay.resume(resumeAt);
        replay.finish();
        return new Run(replay, stunAt, stunDone, resumeAt, log);
    }

    @Test
    void drainDuringStunWaitsForTheLongestOutstandingResponseInTheDowntime() {
        Run run = migrate(DRAIN);
        assertEquals(200_000, run.stunAt(), "drain does nothing before the stun");
        // Request 10 is in flight until 350_000: 150 us left at the stun, then one state move.
        assertEquals(150_000 + MOVE, run.replay().ioDowntimeNanos());
        assertEquals(351_000, run.stunDone());
        // 3 and 11 fall in the stun: queued at resume (371_000) and fed on the VF.
        assertEquals("0@vf:0->100000 1@vf:0->10000 2@vf:10000->20000 10@vf:50000->350000 "
                + "3@vf:371000->381000 11@vf:371000->381000 4@vf:380000->390000 5@vf:500000->510000 ", run.log().toString());
        assertEquals(2, run.replay().ioDelayed());
        assertEquals(8, run.replay().requestsCompleted());
    }

    @Test
    void quiesceBeforeStunMovesTheWaitBeforeTheStunAndLeavesOnlyTheStateMove() {
        Run run = migrate(QUIESCE);
        // Feeding stops at 200_000; request 10 drains at 350_000; VF -> PF -> hypervisor memory: 351_000.
        assertEquals(351_000, run.stunAt());
        assertEquals(MOVE, run.replay().ioDowntimeNanos());
        // 3 and 11 waited in their rings; at 351_000 the PF path takes the oldest head (3) and would take
        // the next 10 us later, but the guest is stunned at 351_000; 11 is fed on the destination VF at resume.
        assertEquals("0@vf:0->100000 1@vf:0->10000 2@vf:10000->20000 10@vf:50000->350000 "
                + "3@pf:351000->366000 11@vf:372000->382000 4@vf:380000->390000 5@vf:500000->510000 ", run.log().toString());
        assertEquals(2, run.replay().ioDelayed());
        assertEquals(1, run.replay().requestsOnPfPath());
    }

    @Test
    void drainDowntimeGrowsByTheLongestOutstandingServiceTimeAndQuiesceDoesNot() {
        assertEquals(150_000, migrate(DRAIN).replay().ioDowntimeNanos() - migrate(QUIESCE).replay().ioDowntimeNanos());
    }

    @Test
    void pfPathFeedsAtItsRateWithItsExtraLatencyUntilTheStun() {
        SriovIoReplay replay = IoReplays.create(QUIESCE, trace());
        StringBuilder log = new StringBuilder();
        replay.observe(new RequestObserver() {
            @Override
            public void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean viaPf) {
                if (viaPf) {
                    log.append(requestId).append(':').append(takenNanos).append("->").append(completionNanos).append(' ');
                }
            }

            @Override
            public void completed(int queue, long requestId, long completionNanos) {
            }
        });
        assertEquals(351_000, replay.prepareSwitchOver(200_000));
        // The engine keeps pre-copying until 450_000: both waiting requests and 4 go through the PF path,
        // one per 10 us, each 5 us slower.
        long done = replay.stun(450_000);
        assertEquals("3:351000->366000 11:361000->376000 4:380000->395000 ", log.toString());
        assertEquals(450_000 + MOVE, done);
        replay.resume(460_000);
        replay.finish();
        assertEquals(3, replay.ioDelayed());
    }

    @Test
    void latencyPercentileCoversRequestsSubmittedDuringTheMigration() {
        Run run = migrate(DRAIN);
        // Trace time in [0, 371_000]: requests 0, 1, 2, 10, 3, 11; the slowest is 10 at 300 us.
        assertEquals(6, run.replay().requestsInLatencyWindow());
        assertEquals(300_000, run.replay().ioP99Nanos(), 300);
    }

    @Test
    void queueDepthComesFromTheManifestOrTheSpecDefault() {
        assertEquals(2, IoReplays.create(DRAIN, trace()).queueDepth());
        assertEquals(32, IoReplays.create(DRAIN, new InMemoryIoTrace(new IoBatch(1), IoTraces.manifest(0, 0), 1)).queueDepth());
    }

    @Test
    void withoutAMigrationEveryRequestRunsOnTheVfUndelayed() {
        SriovIoReplay replay = IoReplays.create(QUIESCE, trace());
        replay.finish();
        assertEquals(8, replay.requestsCompleted());
        assertEquals(0, replay.ioDelayed());
        assertEquals(0, replay.ioDowntimeNanos());
    }

    @Test
    void misuseFailsLoudly() {
        SriovIoReplay replay = IoReplays.create(DRAIN, trace());
        replay.advanceTo(100);
        assertThrows(IllegalStateException.class, () -> replay.advanceTo(99));
        assertThrows(IllegalStateException.class, () -> replay.resume(200));
        replay.stun(300);
        assertThrows(IllegalStateException.class, replay::finish);
    }

    @Test
    void queueOutsideTheManifestIsATraceError() {
        IoBatch rows = new IoBatch(1);
        rows.add(0, 5, 1, IoBatch.OP_READ, 0, 4096, 10);
        SriovIoReplay replay = IoReplays.create(DRAIN, new InMemoryIoTrace(rows, IoTraces.manifest(2, 2), 1));
        dev.vmreplay.trace.TraceFormatException e = assertThrows(dev.vmreplay.trace.TraceFormatException.class, replay::finish);
        assertTrue(e.getMessage().contains("queue"), e.getMessage());
    }

    @Test
    void specRejectsOutOfRangeValuesNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SriovSpec(HandoverPolicy.DRAIN_DURING_STUN, -1, 1, 0, 1));
        assertTrue(e.getMessage().contains("sriov.pf-extra-latency"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigChoice.parse(HandoverPolicy.class, "sriov.handover", "drain"));
        assertTrue(e.getMessage().contains("sriov.handover"), e.getMessage());
    }
}
