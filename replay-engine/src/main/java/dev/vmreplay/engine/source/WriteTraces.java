package dev.vmreplay.engine.source;

import dev.vmreplay.engine.MigrationConfig;

/**
 * Write traces on the source (seed technique 1): which writes fire, what they dirty, and what
 * re-arming costs. One instance per run; the engine calls it in time order.
 */
public interface WriteTraces {

    /** Arms every granule (migration start). @return traces installed */
    long armAll();

    /** Re-arms every granule that is not armed (a new pass). @return traces installed */
    long rearm();

    /**
     * A guest write to {@code page}. When it hits an armed trace the trace fires: the written page (or
     * granule) is marked in {@code dirty}.
     *
     * @return stall of the writing vCPU in ns (fire cost, plus the refine cost), 0 when nothing fired
     */
    long onWrite(long page, Bitmap dirty);

    /**
     * Which writes depend on each other's order: two writes whose pages have different keys commute, as
     * long as no write or re-arm happens between the calls. A page's key is the page ({@code page << 1})
     * unless a coarse trace armed over its granule can fire, which makes the whole granule one key
     * ({@code granule << 1 | 1}): the first write there fires and dirties or refines for all of them.
     */
    long conflictKey(long page);

    /** Trace fires so far. */
    long fires();

    /** Trace installs so far, including refinements. */
    long installs();

    /** The policy the configuration asks for: 4 KiB traces, or coarse traces that dirty a granule or refine. */
    static WriteTraces forConfig(MigrationConfig config, long pages) {
        return forConfig(config, pages, null);
    }

    /**
     * As {@link #forConfig(MigrationConfig, long)}; 4 KiB traces keep their armed bits in
     * {@code smallPageArmedOrNull} (one clear bit per page) when given.
     */
    static WriteTraces forConfig(MigrationConfig config, long pages, Bitmap smallPageArmedOrNull) {
        long granulePages = config.traces().granularityBytes() / 4096;
        if (granulePages == 1) {
            Bitmap armed = smallPageArmedOrNull == null ? new Bitmap(pages) : smallPageArmedOrNull;
            if (armed.size() != pages) {
                throw new IllegalArgumentException("armed bitmap of " + armed.size() + " pages for a guest of " + pages);
            }
            return new SmallPageTraces(armed, config.traces().fireCostNanos());
        }
        if (config.traces().coarsePolicy() == MigrationConfig.CoarsePolicy.REFINE) {
            return new RefiningTraces(pages, granulePages, config.traces().fireCostNanos(), config.traces().installCostNanos());
        }
        return new DirtyGranuleTraces(pages, granulePages, config.traces().fireCostNanos());
    }
}
