package dev.vmreplay.engine.source;

/**
 * Coarse traces that refine: the first fire on a granule installs 4 KiB traces on all its small pages
 * (cost on the writer: one install each) and dirties only the written page; later writes fire the
 * small traces one page at a time. Re-arming restores the one coarse trace.
 */
final class RefiningTraces implements WriteTraces {
    private final long pages;
    private final long granulePages;
    private final Bitmap coarseArmed;
    private final Bitmap refined;
    private final Bitmap pageArmed;
    private final long fireCostNanos;
    private final long installCostNanos;
    private long fires;
    private long installs;
    private long coarseFiredSinceArm;

    RefiningTraces(long pages, long granulePages, long fireCostNanos, long installCostNanos) {
        this.pages = pages;
        this.granulePages = granulePages;
        long granules = (pages + granulePages - 1) / granulePages;
        this.coarseArmed = new Bitmap(granules);
        this.refined = new Bitmap(granules);
        this.pageArmed = new Bitmap(pages);
        this.fireCostNanos = fireCostNanos;
        this.installCostNanos = installCostNanos;
    }

    @Override
    public long armAll() {
        coarseArmed.setAll();
        refined.clearAll();
        pageArmed.clearAll();
        coarseFiredSinceArm = 0;
        installs += coarseArmed.size();
        return coarseArmed.size();
    }

    @Override
    public long rearm() {
        for (long g = refined.nextSetBit(0); g >= 0; g = refined.nextSetBit(g + 1)) {
            long from = g * granulePages;
            pageArmed.clearRange(from, Math.min(pages, from + granulePages));
        }
        refined.clearAll();
        long n = coarseFiredSinceArm;
        coarseArmed.setAll();
        coarseFiredSinceArm = 0;
        installs += n;
        return n;
    }

    @Override
    public long onWrite(long page, Bitmap dirty) {
        long g = page / granulePages;
        if (coarseArmed.get(g)) {
            coarseArmed.clear(g);
            refined.set(g);
            long from = g * granulePages;
            long to = Math.min(pages, from + granulePages);
            pageArmed.setRange(from, to);
            pageArmed.clear(page);
            dirty.set(page);
            fires++;
            coarseFiredSinceArm++;
            long small = to - from;
            installs += small;
            return fireCostNanos + small * installCostNanos;
        }
        if (pageArmed.get(page)) {
            pageArmed.clear(page);
            dirty.set(page);
            fires++;
            return fireCostNanos;
        }
        return 0;
    }

    @Override
    public long conflictKey(long page) {
        long g = page / granulePages;
        return coarseArmed.get(g) ? g << 1 | 1 : page << 1;
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
