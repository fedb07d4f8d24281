package dev.vmreplay.analysis.converge;

/**
 * How far and how finely {@link FixSearch} looks, and how long each of its replays may run.
 *
 * @param searchTimeoutNanos {@code migration.timeout} of every search replay (the preset's own when that is
 *     shorter); a change found completes within it, so it completes under the preset too. A smaller change that
 *     would complete only later is missed: the search is conservative, never optimistic. > 0
 * @param downtimeCeilingNanos the largest downtime limit tried, > 0
 * @param linkCeilingBytesPerSec the fastest link tried, > 0
 * @param relativeTolerance bisection stops when the completing and the failing value are this share of the
 *     completing one apart, 0 (exclusive)..0.5
 * @param downtimeToleranceNanos ... or this close for the downtime limit, >= 0
 * @param rateToleranceBytesPerSec ... or this close for a rate, >= 0
 * @param maxBisectionSteps replays one bisection may take after its first (the ceiling), 1..64
 */
public record SearchLimits(long searchTimeoutNanos, long downtimeCeilingNanos, long linkCeilingBytesPerSec,
                           double relativeTolerance, long downtimeToleranceNanos, long rateToleranceBytesPerSec,
                           int maxBisectionSteps) {
    /** 60 s: a looped recording that has not converged after a minute of pre-copy is in its steady state. */
    public static final long DEFAULT_SEARCH_TIMEOUT_NANOS = 60_000_000_000L;

    public SearchLimits {
        if (searchTimeoutNanos <= 0) {
            throw new IllegalArgumentException("search timeout must be > 0 ns, was " + searchTimeoutNanos);
        }
        if (downtimeCeilingNanos <= 0) {
            throw new IllegalArgumentException("downtime ceiling must be > 0 ns, was " + downtimeCeilingNanos);
        }
        if (linkCeilingBytesPerSec <= 0) {
            throw new IllegalArgumentException("link ceiling must be > 0 B/s, was " + linkCeilingBytesPerSec);
        }
        if (!(relativeTolerance > 0 && relativeTolerance <= 0.5)) {
            throw new IllegalArgumentException("relative tolerance must be in (0, 0.5], was " + relativeTolerance);
        }
        if (downtimeToleranceNanos < 0 || rateToleranceBytesPerSec < 0) {
            throw new IllegalArgumentException("absolute tolerances must be >= 0, were " + downtimeToleranceNanos
                    + " ns and " + rateToleranceBytesPerSec + " B/s");
        }
        if (maxBisectionSteps < 1 || maxBisectionSteps > 64) {
            throw new IllegalArgumentException("max bisection steps must be in 1..64, was " + maxBisectionSteps);
        }
    }

    /**
     * The defaults: replays bounded at 60 s, downtime limit up to 60 s, link up to 400 Gbit/s, values within 5%
     * (or 10 ms, 1 MiB/s), at most 10 bisection steps (2^10 halvings of the log ratio cover 1 ms..60 s and
     * 1 B/s..400 Gbit/s at 5%).
     */
    public static SearchLimits defaults() {
        return new SearchLimits(DEFAULT_SEARCH_TIMEOUT_NANOS, 60_000_000_000L, 50_000_000_000L, 0.05, 10_000_000L,
                1L << 20, 10);
    }

    /** This with another search timeout. */
    public SearchLimits withSearchTimeoutNanos(long nanos) {
        return new SearchLimits(nanos, downtimeCeilingNanos, linkCeilingBytesPerSec, relativeTolerance,
                downtimeToleranceNanos, rateToleranceBytesPerSec, maxBisectionSteps);
    }

    /**
     * The most replays one preset can take: the verdict, then three bisections (downtime limit, bandwidth cap,
     * link rate) of a ceiling check plus {@code maxBisectionSteps} each, then auto-converge and post-copy.
     */
    public int maxReplaysPerPreset() {
        return 1 + 3 * (1 + maxBisectionSteps) + 2;
    }
}
