package dev.vmreplay.engine;

import dev.vmreplay.engine.sriov.IoReplay;

/** A run without an IO trace: no device to hand over, nothing to wait for, every IO metric 0. */
final class NoIoReplay implements IoReplay {
    static final NoIoReplay INSTANCE = new NoIoReplay();

    private NoIoReplay() {
    }

    @Override
    public void advanceTo(long nowNanos) {
    }

    @Override
    public long prepareSwitchOver(long nowNanos) {
        return nowNanos;
    }

    @Override
    public long stun(long stunNanos) {
        return stunNanos;
    }

    @Override
    public void resume(long resumeNanos) {
    }

    @Override
    public void finish() {
    }

    @Override
    public long ioDowntimeNanos() {
        return 0;
    }

    @Override
    public long ioP99Nanos() {
        return 0;
    }

    @Override
    public long ioDelayed() {
        return 0;
    }
}
