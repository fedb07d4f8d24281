package dev.vmreplay.engine.source;

/**
 * Coarse traces (2 MiB or 1 GiB) where a fire dirties the whole granule, which is then resent whole:
 * fewer installs and fires, more bytes.
 */
final class DirtyGranuleTraces implements WriteTraces {
    private final long pages;
    private final long granulePages;
    private final Bitmap armed;
    private final long fireCostNanos;
    private long fires;
    private long installs;
    private long firedSinceArm;

    DirtyGranuleTraces(long pages, long granulePages, long fireCostNanos) {
        this.pages = pages;
        this.granulePages = granulePages;
        this.armed = new Bitmap((pages + granulePages - 1) / granulePages);
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
        long n = firedSinceArm;
        armed.setAll();
        firedSinceArm = 0;
        installs += n;
        return n;
    }

    @Override
    public long onWrite(long page, Bitmap dirty) {
        long g = page / granulePages;
        if (!armed.get(g)) {
            return 0;
        }
        armed.clear(g);
        long from = g * granulePages;
        dirty.setRange(from, Math.min(pages, from + granulePages));
        fires++;
        firedSinceArm++;
        return fireCostNanos;
    }

    @Override
    public long conflictKey(long page) {
        long g = page / granulePages;
        return armed.get(g) ? g << 1 | 1 : page << 1;
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
