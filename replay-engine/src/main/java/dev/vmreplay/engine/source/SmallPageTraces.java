package dev.vmreplay.engine.source;

/** 4 KiB traces: a fire dirties exactly the written page (KVM dirty log, vMotion traces). */
final class SmallPageTraces implements WriteTraces {
    private final Bitmap armed;
    private final long fireCostNanos;
    private long fires;
    private long installs;
    private long firedSinceArm;

    /** @param armed one bit per page, all clear; the traces keep it (it may share an interleaved array) */
    SmallPageTraces(Bitmap armed, long fireCostNanos) {
        this.armed = armed;
        this.fireCostNanos = fireCostNanos;
    }

    @Override
    public long armAll() {
        armed.setAll();
        firedSinceArm = 0;
        installs += armed.size();
        return armed.size();
    }

    @Override
    public long rearm() {
        // A page is unarmed exactly when it fired since the last arm.
        long n = firedSinceArm;
        armed.setAll();
        firedSinceArm = 0;
        installs += n;
        return n;
    }

    @Override
    public long onWrite(long page, Bitmap dirty) {
        if (!armed.get(page)) {
            return 0;
        }
        armed.clear(page);
        dirty.set(page);
        fires++;
        firedSinceArm++;
        return fireCostNanos;
    }

    @Override
    public long conflictKey(long page) {
        return page << 1;
    }

    @Override
    public long fires() {
        return fires;
    }

    @Override
    public long installs() {
        return installs;
    }
}
