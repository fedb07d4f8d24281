package dev.vmreplay.analysis.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Migrations run in waves of at most {@code concurrent}: a wave starts when the slowest migration
 * of the previous wave has finished, so the fleet takes the sum of the wave maxima. VMs are
 * ordered longest first and cut into consecutive waves, which minimises that sum for a fixed
 * wave size (a longer migration never waits behind a shorter one's wave).
 *
 * @param waves per wave, the fleet indexes of its VMs, longest first
 * @param finishNanos per VM (fleet index), when its migration ends, from the start of the window
 * @param makespanNanos when the last wave ends
 */
public record WaveSchedule(List<int[]> waves, long[] finishNanos, long makespanNanos) implements PlanSchedule {
    public WaveSchedule {
        waves = List.copyOf(waves);
        finishNanos = finishNanos.clone();
    }

    /**
     * @param totalNanos each VM's migration time when it gets its share of the link
     * @param concurrent migrations per wave, >= 1
     */
    public static WaveSchedule of(long[] totalNanos, int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent must be >= 1, was " + concurrent);
        }
        Integer[] order = new Integer[totalNanos.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Longest first; ties by fleet index so the schedule never depends on sort stability.
        Arrays.sort(order, (a, b) -> totalNanos[a] != totalNanos[b] ? Long.compare(totalNanos[b], totalNanos[a])
                : Integer.compare(a, b));
        List<int[]> waves = new ArrayList<>();
        long[] finish = new long[totalNanos.length];
        long start = 0;
        for (int w = 0; w < order.length; w += concurrent) {
            int size = Math.min(concurrent, order.length - w);
            int[] wave = new int[size];
            long longest = 0;
            for (int k = 0; k < size; k++) {
                int vm = order[w + k];
                wave[k] = vm;
                finish[vm] = start + totalNanos[vm];
                longest = Math.max(longest, totalNanos[vm]);
            }
            waves.add(wave);
            start += longest;
        }
        return new WaveSchedule(waves, finish, start);
    }

    /** VMs whose migration ends within the window. */
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
}
