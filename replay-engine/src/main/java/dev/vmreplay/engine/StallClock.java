package dev.vmreplay.engine;

import dev.vmreplay.engine.source.VcpuStalls;

/**
 * The replay's one clock and the vCPUs' lag behind it. Time is ns since trace start; a vCPU's event
 * recorded at {@code t} happens at {@code t + stall[vcpu]}: trace installs, fires and throttling stall
 * the vCPU that does them, the stun stalls all, a fault after resume stalls the vCPU that takes it.
 * {@code t + min(stall)} is therefore a lower bound for the time of every event not yet read.
 *
 * <p>Events of vCPUs stalled past the clock wait in {@link #held()}, whose order follows the stalls:
 * every stall given here re-keys it. Stalls given through {@link VcpuStalls} are the ones the migration
 * costs the running guest (counted in {@code guest_stall_vcpu_ns} and the pass's stall).
 */
final class StallClock implements VcpuStalls {
    private final long[] stall;
    private final VcpuQueues held;
    private final PassLog passes;
    private long minStall;
    private long nowNanos;
    private long guestStallVcpuNanos;

    StallClock(int vcpus, PassLog passes) {
        this.stall = new long[vcpus];
        this.held = new VcpuQueues(vcpus, stall);
        this.passes = passes;
    }

    /** The clock, ns since trace start. */
    long now() {
        return nowNanos;
    }

    /** Moves the clock to {@code t} unless it is already later. */
    void advance(long t) {
        if (t > nowNanos) {
            nowNanos = t;
        }
    }

    /** Stall of vCPU {@code v}, ns. */
    long stall(int v) {
        return stall[v];
    }

    /** The least stall of any vCPU, ns. */
    long minStall() {
        return minStall;
    }

    /** Every vCPU's stall, indexed by vCPU (read only: the held-event structures read it in place). */
    long[] stalls() {
        return stall;
    }

    /** Events of vCPUs stalled past the clock, in the order they happen. */
    VcpuQueues held() {
        return held;
    }

    @Override
    public int vcpus() {
        return stall.length;
    }

    @Override
    public void stallVcpu(int v, long nanos) {
        addStall(v, nanos);
        guestStallVcpuNanos += nanos;
        passes.stalled(nanos);
    }

    @Override
    public void stallAll(long nanos) {
        shiftAll(nanos);
        guestStallVcpuNanos += nanos * stall.length;
        passes.stalled(nanos * stall.length);
    }

    /** A fault (or a post-copy fetch) after resume stalls vCPU {@code v}: not a cost of the running guest. */
    void stallAfterResume(int v, long nanos) {
        addStall(v, nanos);
    }

    /** The guest is stopped for {@code nanos} (the stun): every vCPU falls behind by as much. */
    void pauseAll(long nanos) {
        shiftAll(nanos);
    }

    /** vCPU time lost to the migration before the stun (installs, fires, throttling), summed over vCPUs. */
    long guestStallVcpuNanos() {
        return guestStallVcpuNanos;
    }

    private void addStall(int v, long nanos) {
        long old = stall[v];
        stall[v] = old + nanos;
        held.rekey(v);
        if (old == minStall) {
            long m = Long.MAX_VALUE;
            for (long s : stall) {
                m = Math.min(m, s);
            }
            minStall = m;
        }
    }

    private void shiftAll(long nanos) {
        for (int v = 0; v < stall.length; v++) {
            stall[v] += nanos;
        }
        held.shiftAll(nanos);
        minStall += nanos;
    }
}
