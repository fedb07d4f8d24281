package dev.vmreplay.engine.technique;

/**
 * The downtime limit in force (QEMU {@code downtime-limit}), which an orchestrator may raise while the
 * migration runs (Nova's downtime steps, applied with {@code migrate-set-parameters}). The switch-over
 * rule and the re-sync threshold read it when they decide.
 */
public final class DowntimeLimit {
    private long nanos;

    public DowntimeLimit(long nanos) {
        set(nanos);
    }

    public long nanos() {
        return nanos;
    }

    public void set(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("downtime limit must be >= 0 ns, was " + nanos);
        }
        this.nanos = nanos;
    }
}
