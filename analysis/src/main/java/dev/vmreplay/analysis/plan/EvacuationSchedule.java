package dev.vmreplay.analysis.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Hosts drained the way an orchestrator drains them (KubeVirt's {@code parallelOutboundMigrationsPerNode}
 * and {@code parallelMigrationsPerCluster}): at most {@code perHost} migrations at once leave one
 * source host and at most {@code concurrent} run in the whole cluster. Whenever a slot frees, the
 * longest waiting migration whose host has a free slot starts (greedy list scheduling, longest
 * first); ties go to the earlier fleet row, then the earlier copy of a row.
 *
 * <p>A row with {@code count} c stands for c VMs with the same migration time: c migrations here,
 * one replay upstream. A migration's time does not depend on what else runs: every migration is
 * replayed with its host's link split into {@code perHost} slots (the planner's slot model), so the
 * schedule only decides when each one starts.
 *
 * @param rowOf per migration, its fleet row
 * @param startNanos per migration, when it starts, from the start of the window
 * @param finishNanos per migration, when it ends
 * @param hostEvacuationNanos per source host (in order of first appearance in the fleet), when its
 *     last migration ends
 * @param makespanNanos when the last migration in the cluster ends
 */
public record EvacuationSchedule(int[] rowOf, long[] startNanos, long[] finishNanos,
                                 Map<String, Long> hostEvacuationNanos, long makespanNanos) implements PlanSchedule {
    public EvacuationSchedule {
        rowOf = rowOf.clone();
        startNanos = startNanos.clone();
        finishNanos = finishNanos.clone();
        hostEvacuationNanos = Collections.unmodifiableMap(new LinkedHashMap<>(hostEvacuationNanos));
    }

    /**
     * @param totalNanos per fleet row, one migration's time at its slot of the link, >= 0
     * @param hosts per fleet row, its source host
     * @param counts per fleet row, how many VMs it stands for, >= 1
     * @param perHost migrations at once from one host, >= 1
     * @param concurrent migrations at once in the cluster, >= 1
     */
    public static EvacuationSchedule of(long[] totalNanos, List<String> hosts, int[] counts, int perHost,
                                        int concurrent) {
        if (perHost < 1) {
            throw new IllegalArgumentException("--per-host must be >= 1, was " + perHost);
        }
        if (concurrent < 1) {
            throw new IllegalArgumentException("--concurrent must be >= 1, was " + concurrent);
        }
        if (hosts.size() != totalNanos.length || counts.length != totalNanos.length) {
            throw new IllegalArgumentException("one host and one count per row: " + totalNanos.length + " rows, "
                    + hosts.size() + " hosts, " + counts.length + " counts");
        }
        Integer[] rows = new Integer[totalNanos.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        // Longest first; ties by fleet row so the schedule never depends on sort stability.
        Arrays.sort(rows, (a, b) -> totalNanos[a] != totalNanos[b] ? Long.compare(totalNanos[b], totalNanos[a])
                : Integer.compare(a, b));
        Map<String, Integer> hostIndex = new LinkedHashMap<>();
        for (String h : hosts) {
            hostIndex.putIfAbsent(h, hostIndex.size());
        }
        int total = 0;
        for (int c : counts) {
            if (c < 1) {
                throw new IllegalArgumentException("count must be >= 1, was " + c);
            }
            total = Math.addExact(total, c);
        }
        // Migrations in global longest-first order; each host's queue is that order restricted to it.
        int[] rowOf = new int[total];
        int[] hostOf = new int[total];
        int[] perHostCount = new int[hostIndex.size()];
        int m = 0;
        for (int row : rows) {
            int h = hostIndex.get(hosts.get(row));
            for (int c = 0; c < counts[row]; c++) {
                rowOf[m] = row;
                hostOf[m] = h;
                m++;
            }
            perHostCount[h] += counts[row];
        }
        int[][] queues = new int[hostIndex.size()][];
        for (int h = 0; h < queues.length; h++) {
            queues[h] = new int[perHostCount[h]];
        }
        int[] fill = new int[queues.length];
        for (int i = 0; i < total; i++) {
            queues[hostOf[i]][fill[hostOf[i]]++] = i;
        }
        int[] head = new int[queues.length];
        int[] running = new int[queues.length];
        int clusterRunning = 0;
        long[] start = new long[total];
        long[] finish = new long[total];
        long[] hostDone = new long[queues.length];
        // (finish, migration) of what is running, earliest first.
        PriorityQueue<long[]> inFlight = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        long now = 0;
        while (true) {
            while (clusterRunning < concurrent) {
                int best = -1;
                for (int h = 0; h < queues.length; h++) {
                    if (running[h] < perHost && head[h] < queues[h].length
                            && (best < 0 || queues[h][head[h]] < queues[best][head[best]])) {
                        best = h;
                    }
                }
                if (best < 0) {
                    break;
                }
                int mig = queues[best][head[best]++];
                start[mig] = now;
                finish[mig] = now + totalNanos[rowOf[mig]];
                running[best]++;
                clusterRunning++;
                inFlight.add(new long[] {finish[mig], mig});
            }
            if (inFlight.isEmpty()) {
                break;
            }
            now = inFlight.peek()[0];
            // Free every slot that ends now before starting anything, so a start sees all of them.
            while (!inFlight.isEmpty() && inFlight.peek()[0] == now) {
                int mig = (int) inFlight.poll()[1];
                running[hostOf[mig]]--;
                clusterRunning--;
                hostDone[hostOf[mig]] = Math.max(hostDone[hostOf[mig]], finish[mig]);
            }
        }
        Map<String, Long> evacuated = new LinkedHashMap<>();
        long makespan = 0;
        for (Map.Entry<String, Integer> e : hostIndex.entrySet()) {
            evacuated.put(e.getKey(), hostDone[e.getValue()]);
            makespan = Math.max(makespan, hostDone[e.getValue()]);
        }
        return new EvacuationSchedule(rowOf, start, finish, evacuated, makespan);
    }

    @Override
    public int finishedWithin(long windowNanos) {
        int n = 0;
        for (long f : finishNanos) {
            if (f <= windowNanos) {
                n++;
            }
        }
        return n;
    }

    /** Per fleet row, the start of each of its migrations, in start order (for tests and reports). */
    public List<Long> startsOfRow(int row) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < rowOf.length; i++) {
            if (rowOf[i] == row) {
                starts.add(startNanos[i]);
            }
        }
        Collections.sort(starts);
        return starts;
    }
}
