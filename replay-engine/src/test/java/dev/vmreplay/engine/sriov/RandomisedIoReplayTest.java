package dev.vmreplay.engine.sriov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.InMemoryIoTrace;
import dev.vmreplay.trace.IoBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Randomised IO traces through a whole migration, checked against an independent oracle built from
 * what the replay reports through {@link RequestObserver}: every request taken and completed exactly
 * once, in ring order per queue, never more than the queue depth in flight, nothing taken while the
 * guest is stunned, nothing fed to the VF while quiesced, PF feeds at the PF rate, completion = take +
 * service (+ PF latency), and the IO downtime each handover promises. Fixed seeds, printed on failure.
 */
class RandomisedIoReplayTest {
    static final long BASE_SEED = 0x5EED_1057L;
    static final int RUNS = 25;
    static final long MOVE = 2_000;
    static final long PF_EXTRA = 7_000;

    @ParameterizedTest
    @EnumSource(HandoverPolicy.class)
    void everyRequestCompletesExactlyOnceInRingOrder(HandoverPolicy policy) {
        for (int run = 0; run < RUNS; run++) {
            long seed = BASE_SEED + run;
            try {
                check(policy, seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(policy.configName() + " failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void check(HandoverPolicy policy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int queues = 1 + random.nextInt(4);
        int depth = 1 + random.nextInt(4);
        int n = 500 + random.nextInt(2500);
        IoBatch rows = new IoBatch(n);
        long t = 0;
        long[] service = new long[n];
        int[] queueOf = new int[n];
        long[] traceOf = new long[n];
        for (int i = 0; i < n; i++) {
            t += random.nextInt(3) == 0 ? 0 : random.nextLong(40_000);
            queueOf[i] = random.nextInt(queues);
            service[i] = random.nextInt(10) == 0 ? random.nextLong(2_000_000) : 5_000 + random.nextLong(45_000);
            traceOf[i] = t;
            rows.add(t, queueOf[i], i, (byte) random.nextInt(3), 0, 4096, service[i]);
        }
        long pfRate = 20_000 + random.nextLong(200_000);
        SriovSpec spec = new SriovSpec(policy, PF_EXTRA, pfRate, MOVE, 8);
        SriovIoReplay replay = IoReplays.create(spec, new InMemoryIoTrace(rows, IoTraces.manifest(queues, depth), 1 + random.nextInt(64)));
        Oracle oracle = new Oracle(n, queues, depth);
        replay.observe(oracle);

        long start = t / 10;
        long switchOver = t / 2;
        replay.migrationStarted(start);
        for (long now = start; now < switchOver; now += random.nextLong(100_000)) {
            replay.advanceTo(now);
        }
        long stunAllowed = replay.prepareSwitchOver(switchOver);
        long pfStart = policy == HandoverPolicy.QUIESCE_BEFORE_STUN ? stunAllowed : Long.MAX_VALUE;
        long stun = stunAllowed + random.nextLong(300_000);
        replay.advanceTo(stunAllowed);
        long outstandingAtStun = oracle.latestCompletionInFlightAt(stun, replay);
        long stunDone = replay.stun(stun);
        long resume = stunDone + random.nextLong(500_000);
        replay.advanceTo(resume);
        replay.resume(resume);
        replay.finish();

        // Handover promises.
        if (policy == HandoverPolicy.DRAIN_DURING_STUN) {
            assertEquals(switchOver, stunAllowed);
            assertEquals(Math.max(0, outstandingAtStun - stun) + MOVE, replay.ioDowntimeNanos(), "drain downtime");
        } else {
            assertEquals(MOVE, replay.ioDowntimeNanos(), "quiesce downtime");
            assertTrue(stunAllowed >= switchOver + MOVE);
        }

        // Exactly once, in ring order, with the right timings.
        assertEquals(n, replay.requestsCompleted());
        int[] nextInQueue = new int[queues];
        List<List<Integer>> perQueue = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            perQueue.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            perQueue.get(queueOf[i]).add(i);
        }
        long lastPfTake = Long.MIN_VALUE;
        for (int k = 0; k < oracle.takenOrder.size(); k++) {
            int id = oracle.takenOrder.get(k);
            int q = queueOf[id];
            assertEquals(perQueue.get(q).get(nextInQueue[q]++).intValue(), id, "queue " + q + " taken out of ring order");
            long taken = oracle.takenAt[id];
            boolean viaPf = oracle.viaPf[id];
            assertTrue(taken >= traceOf[id], "req " + id + " taken before it was queued");
            assertTrue(taken <= stun || taken >= resume, "req " + id + " taken at " + taken + " inside the stun [" + stun + ", " + resume + ")");
            if (traceOf[id] > stun && traceOf[id] < resume) {
                assertTrue(taken >= resume, "req " + id + " queued during the stun must wait for resume");
            }
            assertEquals(taken + service[id] + (viaPf ? PF_EXTRA : 0), oracle.completedAt[id], "req " + id + " completion");
            if (viaPf) {
                assertTrue(taken >= pfStart && taken <= stun, "req " + id + " on the PF path outside [pfStart, stun]");
                assertTrue(lastPfTake == Long.MIN_VALUE || taken - lastPfTake >= spec.pfFeedIntervalNanos(), "PF rate exceeded at " + taken);
                lastPfTake = taken;
            } else if (policy == HandoverPolicy.QUIESCE_BEFORE_STUN) {
                assertTrue(taken <= switchOver || taken >= resume, "req " + id + " fed to the VF at " + taken + " while quiesced");
            }
        }
        for (int q = 0; q < queues; q++) {
            assertEquals(perQueue.get(q).size(), nextInQueue[q], "queue " + q + " requests taken");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, oracle.completions[i], "req " + i + " completions");
        }
        assertTrue(replay.ioDelayed() <= n);
    }

    /** Rebuilds the device state from observed events. */
    static final class Oracle implements RequestObserver {
        final List<Integer> takenOrder = new ArrayList<>();
        final long[] takenAt;
        final long[] completedAt;
        final long[] plannedCompletion;
        final boolean[] viaPf;
        final int[] completions;
        final int[] inFlight;
        final int depth;

        Oracle(int n, int queues, int depth) {
            takenAt = new long[n];
            completedAt = new long[n];
            plannedCompletion = new long[n];
            viaPf = new boolean[n];
            completions = new int[n];
            inFlight = new int[queues];
            this.depth = depth;
            Arrays.fill(takenAt, -1);
        }

        @Override
        public void taken(int queue, long requestId, long traceNanos, long takenNanos, long completionNanos, boolean pf) {
            int id = (int) requestId;
            assertEquals(-1, takenAt[id], "req " + id + " taken twice");
            takenAt[id] = takenNanos;
            plannedCompletion[id] = completionNanos;
            viaPf[id] = pf;
            takenOrder.add(id);
            inFlight[queue]++;
            assertTrue(inFlight[queue] <= depth, "queue " + queue + " over depth at " + takenNanos);
        }

        @Override
        public void completed(int queue, long requestId, long completionNanos) {
            int id = (int) requestId;
            completions[id]++;
            completedAt[id] = completionNanos;
            inFlight[queue]--;
        }

        /** Latest planned completion among requests in flight once the replay reached {@code stun}. */
        long latestCompletionInFlightAt(long stun, SriovIoReplay replay) {
            replay.advanceTo(stun);
            long latest = Long.MIN_VALUE;
            for (int id : takenOrder) {
                if (completions[id] == 0) {
                    latest = Math.max(latest, plannedCompletion[id]);
                }
            }
            return latest;
        }
    }
}
