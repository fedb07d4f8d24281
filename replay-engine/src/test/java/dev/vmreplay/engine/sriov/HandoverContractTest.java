package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every VF handover ({@code sriov.handover}) keeps, run over every {@link HandoverPolicy}
 * value, on {@link SriovIoReplayTest}'s hand-worked trace (two queues of depth 2, one state move = 1 us,
 * request 10 in flight from 50 us to 350 us). A new policy is picked up here automatically; its
 * hand-worked times go into {@link #expectedTimes}.
 */
class HandoverContractTest {
    static final long MOVE = SriovIoReplayTest.MOVE;
    /** Switch-over times: before any request, with requests in flight, during the long one, after it, at the end. */
    static final long[] SWITCH_OVER_NANOS = {0, 5_000, 200_000, 355_000, 600_000};

    record Taken(int queue, long requestId, long takenNanos, long completionNanos, boolean viaPf) {
    }

    /** Everything the replay did, as its observer saw it. */
    static final class Log implements RequestObserver {
        final List<Taken> taken = new ArrayList<>();
        final Map<Long, Integer> completions = new HashMap<>();

        @Override
        public void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean viaPf) {
            taken.add(new Taken(queue, requestId, takenNanos, completionNanos, viaPf));
        }

        @Override
        public void completed(int queue, long requestId, long completionNanos) {
            completions.merge(requestId, 1, Integer::sum);
        }
    }

    record Run(SriovIoReplay replay, Log log, long switchOver, long stunAt, long stunDone, long resumeAt) {
    }

    /** Pre-copy wants to switch over at {@code switchOver}; the engine stuns when allowed, resumes 20 us after the VF moved. */
    static Run migrate(HandoverPolicy policy, long switchOver, boolean prepare) {
        SriovIoReplay replay = IoReplays.create(SriovIoReplayTest.DRAIN.withHandover(policy), SriovIoReplayTest.trace());
        Log log = new Log();
        replay.observe(log);
        replay.migrationStarted(0);
        replay.advanceTo(switchOver);
        long stunAt = prepare ? replay.prepareSwitchOver(switchOver) : switchOver;
        replay.advanceTo(stunAt);
        long stunDone = replay.stun(stunAt);
        long resumeAt = stunDone + 20_000;
        replay.advanceTo(resumeAt);
        replay.resume(resumeAt);
        replay.finish();
        return new Run(replay, log, switchOver, stunAt, stunDone, resumeAt);
    }

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void everyRequestCompletesExactlyOnceTakenInRingOrder(HandoverPolicy policy) {
        long[][] ringOrder = {{0, 1, 2, 3, 4, 5}, {10, 11}};
        for (long switchOver : SWITCH_OVER_NANOS) {
            for (boolean prepare : new boolean[] {true, false}) {
                Run run = migrate(policy, switchOver, prepare); // finish() runs the CompletionLedger's checks
                String where = policy + " switching over at " + switchOver + (prepare ? "" : " without preparing");
                assertEquals(8, run.replay().requestsQueued(), where);
                assertEquals(8, run.replay().requestsCompleted(), where);
                for (int q = 0; q < ringOrder.length; q++) {
                    int queue = q;
                    long[] taken = run.log().taken.stream().filter(t -> t.queue() == queue).mapToLong(Taken::requestId).toArray();
                    assertEquals(Arrays.toString(ringOrder[q]), Arrays.toString(taken), where + ": queue " + q);
                }
                for (Taken t : run.log().taken) {
                    assertEquals(1, run.log().completions.get(t.requestId()), where + ": completions of " + t.requestId());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void readyTimesNeverComeBeforeTheTimeAskedAbout(HandoverPolicy policy) {
        for (long switchOver : SWITCH_OVER_NANOS) {
            Run run = migrate(policy, switchOver, true);
            assertTrue(run.stunAt() >= switchOver, policy + ": stun allowed at " + run.stunAt() + " before " + switchOver);
            assertTrue(run.stunDone() >= run.stunAt() + MOVE, policy + ": VF moved at " + run.stunDone() + ", stun at " + run.stunAt());
            assertEquals(run.stunDone() - run.stunAt(), run.replay().ioDowntimeNanos(), policy + " at " + switchOver);
        }
    }

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void noResponseIsOutstandingOnTheVfWhenItsStateMoves(HandoverPolicy policy) {
        for (long switchOver : SWITCH_OVER_NANOS) {
            for (boolean prepare : new boolean[] {true, false}) {
                Run run = migrate(policy, switchOver, prepare);
                long moveStarts = run.stunDone() - MOVE;
                for (Taken t : run.log().taken) {
                    if (!t.viaPf() && t.takenNanos() <= run.stunAt()) {
                        assertTrue(t.completionNanos() <= moveStarts, policy + " at " + switchOver + ": request " + t.requestId()
                                + " answers at " + t.completionNanos() + " after the VF state moved at " + moveStarts);
                    }
                }
            }
        }
    }

    /** stun allowed at, VF moved at, for the switch-over at 200 us. */
    record Times(long stunAt, long stunDone) {
    }

    static Times expectedTimes(HandoverPolicy policy) {
        return switch (policy) {
            // stun at once; request 10 answers at 350 us; one move
            case DRAIN_DURING_STUN -> new Times(200_000, 351_000);
            // stop feeding at 200 us; 10 answers at 350 us; move to the PF path: 351 us; stun; one move
            case QUIESCE_BEFORE_STUN -> new Times(351_000, 352_000);
        };
    }

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void handWorkedSwitchOverTimes(HandoverPolicy policy) {
        Run run = migrate(policy, 200_000, true);
        Times expected = expectedTimes(policy);
        assertEquals(expected.stunAt(), run.stunAt(), policy + ": stun allowed at");
        assertEquals(expected.stunDone(), run.stunDone(), policy + ": VF moved at");
    }

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void aStunWithoutAPreCopyPhaseDrainsTheVfInTheDowntime(HandoverPolicy policy) {
        // No running phase to hide the wait in: 10 answers at 350 us, then one move.
        Run run = migrate(policy, 200_000, false);
        assertEquals(351_000, run.stunDone(), policy.toString());
        assertEquals(0, run.replay().requestsOnPfPath(), policy.toString());
    }
}
