package dev.vmreplay.engine.technique;

/**
 * QEMU 7.2 auto-converge, as {@code migration/ram.c} does it, asked at every dirty-bitmap sync.
 *
 * <ul>
 *   <li>{@code migration_bitmap_sync}: the trigger is checked only at a sync more than 1000 ms (QEMU's
 *       millisecond realtime clock) after the last checked one; the period's counters (pages newly
 *       dirtied, bytes transferred) then start again. The period starts at the migration's setup sync.</li>
 *   <li>{@code migration_trigger_throttle}: the period is "high" when the bytes dirtied in it exceed
 *       {@code throttle-trigger-threshold} (50%) of the bytes transferred in it; the throttle steps on the
 *       second high period ({@code ++dirty_rate_high_cnt >= 2}), which resets the count to 0. A period
 *       that is not high leaves the count as it is: two high periods need not be consecutive.</li>
 *   <li>{@code mig_throttle_guest_down}: the first step sets {@code cpu-throttle-initial} (20%), each
 *       further step adds {@code cpu-throttle-increment} (10%), at most {@code max-cpu-throttle} (99%);
 *       with {@code cpu-throttle-tailslow} the step is at most what would bring the dirty rate to the
 *       threshold: {@code min(cpu_now - cpu_now x threshold / dirtied, increment)}.</li>
 *   <li>{@code softmmu/cpu-throttle.c}: a throttled vCPU sleeps {@code pct / (1 - pct)} x 10 ms after
 *       every 10 ms it runs ({@link ThrottleGuest#sleepNanos}).</li>
 * </ul>
 * Percentages are whole numbers, as in QEMU.
 */
public final class AutoConverge {
    private static final long MS = 1_000_000L;
    /** QEMU migration_bitmap_sync: the trigger is checked at most once per this many ms. */
    static final long CHECK_PERIOD_MS = 1000;
    /** QEMU cpu-throttle.c CPU_THROTTLE_PCT_MAX. */
    static final int PCT_MAX = 99;

    private final int initialPct;
    private final int incrementPct;
    private final int maxPct;
    private final int triggerThresholdPct;
    private final boolean tailslow;

    private long lastCheckMs;
    private long bytesTransferredAtCheck;
    private long dirtyPagesInPeriod;
    private int highPeriods;
    private int pct;
    private int highestPct;

    /**
     * @param initialPct cpu-throttle-initial, 1..99 (each out of range value throws, naming the replay's key)
     * @param incrementPct cpu-throttle-increment, 1..99
     * @param maxPct max-cpu-throttle, 1..99
     * @param triggerThresholdPct throttle-trigger-threshold, 1..100
     * @param tailslow cpu-throttle-tailslow
     */
    public AutoConverge(int initialPct, int incrementPct, int maxPct, int triggerThresholdPct, boolean tailslow) {
        check("throttle.initial", initialPct, 1, PCT_MAX); // QEMU cpu-throttle-initial
        check("throttle.step", incrementPct, 1, PCT_MAX); // QEMU cpu-throttle-increment
        check("throttle.max", maxPct, 1, PCT_MAX); // QEMU max-cpu-throttle
        check("throttle.trigger-threshold", triggerThresholdPct, 1, 100); // QEMU throttle-trigger-threshold
        this.initialPct = initialPct;
        this.incrementPct = incrementPct;
        this.maxPct = maxPct;
        this.triggerThresholdPct = triggerThresholdPct;
        this.tailslow = tailslow;
    }

    /** The migration's setup sync at {@code nanos}, with {@code bytesTransferred} on the link so far. */
    public void start(long nanos, long bytesTransferred) {
        lastCheckMs = nanos / MS;
        bytesTransferredAtCheck = bytesTransferred;
        dirtyPagesInPeriod = 0;
    }

    /**
     * A dirty-bitmap sync at {@code nanos}: {@code pagesNewlyDirty} pages joined the set to send (dirtied
     * and not already waiting), {@code bytesTransferred} bytes went on the link since the migration started.
     *
     * @return true when the throttle stepped up
     */
    public boolean onSync(long nanos, long pagesNewlyDirty, long bytesTransferred) {
        dirtyPagesInPeriod += pagesNewlyDirty;
        long nowMs = nanos / MS;
        if (nowMs <= lastCheckMs + CHECK_PERIOD_MS) {
            return false;
        }
        long bytesXferPeriod = bytesTransferred - bytesTransferredAtCheck;
        long bytesDirtyPeriod = dirtyPagesInPeriod * 4096;
        long bytesDirtyThreshold = bytesXferPeriod * triggerThresholdPct / 100;
        boolean stepped = false;
        if (bytesDirtyPeriod > bytesDirtyThreshold && ++highPeriods >= 2) {
            highPeriods = 0;
            throttleDown(bytesDirtyPeriod, bytesDirtyThreshold);
            stepped = true;
        }
        lastCheckMs = nowMs;
        dirtyPagesInPeriod = 0;
        bytesTransferredAtCheck = bytesTransferred;
        return stepped;
    }

    private void throttleDown(long bytesDirtyPeriod, long bytesDirtyThreshold) {
        if (pct == 0) {
            pct = Math.min(initialPct, PCT_MAX);
        } else {
            long inc = incrementPct;
            if (tailslow) {
                long cpuNow = 100 - pct;
                long cpuIdeal = (long) (cpuNow * (bytesDirtyThreshold * 1.0 / bytesDirtyPeriod));
                inc = Math.min(cpuNow - cpuIdeal, incrementPct);
            }
            pct = (int) Math.max(1, Math.min(pct + inc, maxPct));
        }
        highestPct = Math.max(highestPct, pct);
    }

    /** The throttle now, 0..0.99 of vCPU time. */
    public double share() {
        return pct / 100.0;
    }

    /** The highest throttle reached, 0..0.99. */
    public double highestShare() {
        return highestPct / 100.0;
    }

    /** QEMU migrate_params_check refuses these outside their ranges; so does the replay, naming the key. */
    private static void check(String key, int pct, int min, int max) {
        if (pct < min || pct > max) {
            throw new IllegalArgumentException("configuration key '" + key + "': invalid value '" + pct / 100.0
                    + "' with precopy.auto-converge=on; allowed: " + min / 100.0 + ".." + max / 100.0
                    + " (QEMU takes whole percent in " + min + ".." + max + ")");
        }
    }
}
