package dev.vmreplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The held-event queues against a plain oracle: one {@link ArrayDeque} per vCPU for the events and a
 * {@link PriorityQueue} ordered by (head time + stall, vCPU) for which vCPU goes first, so ties go to the
 * lowest vCPU as {@link VcpuQueues} documents. Random operations mix both of the class's paths: the tree
 * path (push, pop, rekey after one vCPU's stall grows, shiftAll after every vCPU's does) and the window
 * path (pushQuiet, dropHead, reading the buffers directly) that leaves the tree stale. Times advance in
 * steps of 0..2 ns and stalls in steps of 0..3 ns, so equal wall times are common.
 *
 * <p>After every operation the counts and every queued event read through {@link VcpuQueues#buffer} match;
 * after every step (one to three operations, so that a stale tree meets rekey and shiftAll) the earliest
 * vCPU, every head's wall time and fields, and the minimum head wall time match too. Fixed seeds,
 * printed on failure.
 */
class VcpuQueuesTest {
    private static final long BASE_SEED = 0x51A11L;
    private static final int SEEDS = 8;
    private static final int STEPS = 4000;

    /** One held event as the oracle keeps it. */
    private record Event(long timeNanos, long gpa, int lengthBytes, byte op, int copy) {
    }

    @ParameterizedTest(name = "{0} vCPUs")
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 64})
    void queuesMatchAPriorityQueueOracleUnderRandomOperations(int vcpus) {
        for (int run = 0; run < SEEDS; run++) {
            long seed = BASE_SEED + 1000L * vcpus + run;
            try {
                new Run(vcpus, seed).check();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(vcpus + " vCPUs failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void equalWallTimesGoToTheLowestVcpuWhicheverWasPushedFirst() {
        long[] stall = new long[5];
        VcpuQueues q = new VcpuQueues(5, stall);
        q.push(4, 100, 0x4000, 8, (byte) 1, 0);
        q.push(2, 100, 0x2000, 8, (byte) 1, 0);
        q.push(3, 90, 0x3000, 8, (byte) 1, 0);
        stall[3] = 10; // vCPU 3's head now happens at 100 too
        q.rekey(3);
        assertEquals(2, q.earliest());
        q.pop(2);
        assertEquals(3, q.earliest());
        q.pop(3);
        assertEquals(4, q.earliest());
        assertEquals(100, q.headWall(4));
    }

    /** One seeded sequence of operations on a queue and its oracle. */
    private static final class Run {
        private final int vcpus;
        private final long seed;
        private final SplittableRandom random;
        private final long[] stall;
        private final VcpuQueues queues;
        private final ArrayDeque<Event>[] expected;
        /** Trace time of each vCPU's last pushed event: a vCPU's events come in time order. */
        private final long[] lastTime;
        private String lastOp = "none";

        @SuppressWarnings("unchecked")
        Run(int vcpus, long seed) {
            this.vcpus = vcpus;
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.stall = new long[vcpus];
            this.queues = new VcpuQueues(vcpus, stall);
            this.expected = new ArrayDeque[vcpus];
            for (int v = 0; v < vcpus; v++) {
                expected[v] = new ArrayDeque<>();
            }
            this.lastTime = new long[vcpus];
        }

        void check() {
            for (int step = 0; step < STEPS; step++) {
                // phases of 500 steps that fill, then drain, so queues grow past their first buffer and wrap
                boolean filling = (step / 500) % 2 == 0;
                int ops = 1 + random.nextInt(3);
                for (int k = 0; k < ops; k++) {
                    apply(filling);
                    compareContents("step " + step + " after " + lastOp);
                }
                compareTree("step " + step + " after " + lastOp);
            }
        }

        private void apply(boolean filling) {
            int v = random.nextInt(vcpus);
            int r = random.nextInt(100);
            int pushShare = filling ? 60 : 30;
            if (r < pushShare) {
                Event e = randomEvent(v);
                boolean quiet = random.nextBoolean();
                if (quiet) {
                    queues.pushQuiet(v, e.timeNanos(), e.gpa(), e.lengthBytes(), e.op(), e.copy());
                } else {
                    queues.push(v, e.timeNanos(), e.gpa(), e.lengthBytes(), e.op(), e.copy());
                }
                expected[v].addLast(e);
                lastOp = (quiet ? "pushQuiet(" : "push(") + v + ", " + e + ")";
            } else if (r < pushShare + 20) {
                // mostly the earliest vCPU, as the replay pops; sometimes any non-empty one
                int w = random.nextInt(4) == 0 ? randomNonEmpty() : oracleEarliest();
                if (w >= 0) {
                    queues.pop(w);
                    expected[w].removeFirst();
                }
                lastOp = "pop(" + w + ")";
            } else if (r < pushShare + 30) {
                // the span path drops the events before a span's end: a few, now and then the whole queue
                int size = expected[v].size();
                int k = random.nextInt(8) == 0 ? random.nextInt(size + 1) : Math.min(size, random.nextInt(4));
                queues.dropHead(v, k);
                for (int i = 0; i < k; i++) {
                    expected[v].removeFirst();
                }
                lastOp = "dropHead(" + v + ", " + k + ")";
            } else if (r < pushShare + 35) {
                long nanos = random.nextInt(4);
                stall[v] += nanos;
                queues.rekey(v);
                lastOp = "stall[" + v + "] += " + nanos + "; rekey(" + v + ")";
            } else if (r < pushShare + 38) {
                long nanos = random.nextInt(4);
                for (int w = 0; w < vcpus; w++) {
                    stall[w] += nanos;
                }
                queues.shiftAll(nanos);
                lastOp = "every stall += " + nanos + "; shiftAll(" + nanos + ")";
            } else if (r == 99 && random.nextInt(20) == 0) {
                queues.clear();
                for (ArrayDeque<Event> d : expected) {
                    d.clear();
                }
                lastOp = "clear()";
            } else {
                lastOp = "nothing";
            }
        }

        private Event randomEvent(int v) {
            long t = lastTime[v] + random.nextInt(3);
            lastTime[v] = t;
            long gpa = random.nextLong(1L << 50);
            int len = random.nextInt(10) == 0 ? Integer.MAX_VALUE : 1 + random.nextInt(1 << 20);
            byte op = (byte) random.nextInt(3);
            int copy = random.nextInt(10) == 0 ? VcpuQueues.MAX_COPY : random.nextInt(VcpuQueues.MAX_COPY);
            return new Event(t, gpa, len, op, copy);
        }

        private int randomNonEmpty() {
            int start = random.nextInt(vcpus);
            for (int i = 0; i < vcpus; i++) {
                int v = (start + i) % vcpus;
                if (!expected[v].isEmpty()) {
                    return v;
                }
            }
            return -1;
        }

        private long wall(int v) {
            return expected[v].getFirst().timeNanos() + stall[v];
        }

        /** The vCPU whose head happens first, lowest vCPU on ties, or -1 when nothing is held. */
        private int oracleEarliest() {
            PriorityQueue<Integer> order = new PriorityQueue<>(
                    Comparator.<Integer>comparingLong(this::wall).thenComparingInt(Integer::intValue));
            for (int v = 0; v < vcpus; v++) {
                if (!expected[v].isEmpty()) {
                    order.add(v);
                }
            }
            return order.isEmpty() ? -1 : order.peek();
        }

        /** Counts and every queued event, read as the span path reads them: no tree operation. */
        private void compareContents(String where) {
            int total = 0;
            for (int v = 0; v < vcpus; v++) {
                ArrayDeque<Event> d = expected[v];
                total += d.size();
                assertEquals(d.size(), queues.count(v), where + ": count(" + v + ")");
                assertEquals(d.isEmpty(), queues.isEmpty(v), where + ": isEmpty(" + v + ")");
                if (d.isEmpty()) {
                    continue;
                }
                long[] buffer = queues.buffer(v);
                int mask = buffer.length / 3 - 1;
                int k = 0;
                for (Iterator<Event> it = d.iterator(); it.hasNext(); k++) {
                    Event e = it.next();
                    int i = 3 * ((queues.headIndex(v) + k) & mask);
                    String at = where + ": vCPU " + v + " event " + k;
                    assertEquals(e.timeNanos(), buffer[i], at + " time");
                    assertEquals(e.gpa(), buffer[i + 1], at + " gpa");
                    assertEquals(e.lengthBytes(), VcpuQueues.lengthOf(buffer[i + 2]), at + " length");
                    assertEquals(e.op(), (byte) buffer[i + 2], at + " op");
                    assertEquals(e.copy(), VcpuQueues.copyOf(buffer[i + 2]), at + " copy");
                }
            }
            assertEquals(total, queues.total(), where + ": total()");
        }

        /** What the tree answers: the earliest vCPU, each head's wall time and fields, the minimum. */
        private void compareTree(String where) {
            int earliest = oracleEarliest();
            assertEquals(earliest, queues.earliest(), where + ": earliest()");
            assertEquals(earliest < 0 ? Long.MAX_VALUE : wall(earliest), queues.minHeadWall(), where + ": minHeadWall()");
            for (int v = 0; v < vcpus; v++) {
                if (expected[v].isEmpty()) {
                    continue;
                }
                Event head = expected[v].getFirst();
                String at = where + ": vCPU " + v + " head";
                assertEquals(wall(v), queues.headWall(v), at + " wall time");
                assertEquals(head.gpa(), queues.headGpa(v), at + " gpa");
                assertEquals(head.lengthBytes(), queues.headLen(v), at + " length");
                assertEquals(head.op(), queues.headOp(v), at + " op");
                assertEquals(head.copy(), queues.headCopy(v), at + " copy");
            }
        }
    }
}
