package dev.vmreplay.analysis.converge;

import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The verdict on one preset, and for a migration that does not complete (aborted or timed-out) the smallest
 * single change that makes it complete, found on the replay itself. Tried, each on its own:
 * <ol>
 *   <li>the downtime limit {@code precopy.downtime-target}, bisected between the preset's value and
 *       {@link SearchLimits#downtimeCeilingNanos()};</li>
 *   <li>the bandwidth cap {@code precopy.max-bandwidth}, bisected between the preset's cap and the link rate;
 *       when even the link rate does not help, the link rate {@code link.bandwidth} with the cap lifted, bisected
 *       up to {@link SearchLimits#linkCeilingBytesPerSec()};</li>
 *   <li>{@code precopy.auto-converge=on};</li>
 *   <li>post-copy, {@code migration.mode=postcopy}.</li>
 * </ol>
 * <p>Bisection assumes completion is monotone in the value (a larger limit or a faster rate never turns a
 * completing migration into one that does not). That is the usual case, not a law: pass boundaries can fall on
 * a write burst differently. So the search never reports a value it has not replayed: the reported value is the
 * smallest that completed, and the largest one seen failing lies within the tolerance below it
 * ({@link SearchLimits#relativeTolerance()} of the value, or the absolute tolerance, whichever is larger).
 * Bisection is geometric (the midpoint of the logarithms) because the answers span orders of magnitude.
 * <p>Search replays run with {@code migration.timeout} = {@link SearchLimits#searchTimeoutNanos()} (or the
 * preset's, when shorter). A replay is deterministic up to its bound, so a change that completes within it
 * completes under the preset too.
 */
public final class FixSearch {
    private static final long MS = 1_000_000L;
    /** Bisected rates are rounded up to whole MiB/s (cap) or Mbit/s (link) so they read as settings. */
    private static final long MIB_PER_SEC = 1L << 20;
    private static final long MBIT_PER_SEC = 125_000L;

    private final PresetReplay replay;
    private final String preset;
    private final Map<String, String> overrides;
    private final Map<String, String> effective;
    private final SearchLimits limits;
    private final ReplayListener listener;
    private final Map<String, String> searchBound = new LinkedHashMap<>();
    private int replays;

    private FixSearch(PresetReplay replay, String preset, Map<String, String> overrides, Map<String, String> effective,
                      SearchLimits limits, ReplayListener listener) {
        this.replay = replay;
        this.preset = preset;
        this.overrides = Map.copyOf(overrides);
        this.effective = Map.copyOf(effective);
        this.limits = limits;
        this.listener = listener;
    }

    /**
     * Replays {@code preset} with {@code overrides}, and searches the fixes when it does not complete.
     *
     * @param effective every key of the preset with the overrides applied, as configuration text (the preset's
     *     {@code effectiveSettings()}); the search starts from its values
     */
    public static ConvergenceVerdict verdict(PresetReplay replay, String preset, Map<String, String> overrides,
                                             Map<String, String> effective, SearchLimits limits,
                                             ReplayListener listener) {
        return new FixSearch(replay, preset, overrides, effective, limits, listener).run();
    }

    private ConvergenceVerdict run() {
        Metrics base = replay(Map.of(), Map.of());
        Completion completion = Completion.of(base.outcome());
        if (completion != Completion.FAILS) {
            return new ConvergenceVerdict(preset, base, completion, List.of(), List.of(), 0, replays);
        }
        long presetTimeout = MigrationConfig.of(effective).run().timeoutNanos();
        if (presetTimeout == 0) {
            presetTimeout = Long.MAX_VALUE; // auto scales with the guest (at least 5 min): past any search bound worth using
        }
        long bound = Math.min(presetTimeout, limits.searchTimeoutNanos());
        if (bound < presetTimeout) {
            searchBound.put("migration.timeout", Quantity.formatDurationNanos(bound));
        }
        List<Fix> fixes = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        searchDowntimeLimit(fixes, notFound);
        searchRates(fixes, notFound);
        trySwitch(FixKind.AUTO_CONVERGE, "precopy.auto-converge", "on", fixes, notFound);
        trySwitch(FixKind.POSTCOPY, "migration.mode", "postcopy", fixes, notFound);
        fixes.sort(ORDER);
        return new ConvergenceVerdict(preset, base, completion, fixes, notFound, bound, replays);
    }

    /**
     * Smallest change first: numeric settings by factor (new / old), then auto-converge, post-copy, a faster link
     * ({@link FixKind}); ties in {@link FixKind} order.
     */
    static final Comparator<Fix> ORDER = Comparator
            .comparingInt((Fix f) -> f.kind().numericSetting() ? 0 : f.kind().ordinal())
            .thenComparingDouble(Fix::factor)
            .thenComparing(Fix::kind);

    private void searchDowntimeLimit(List<Fix> fixes, List<String> notFound) {
        String key = "precopy.downtime-target";
        long current = Quantity.parseDurationNanos(setting(key));
        long ceiling = limits.downtimeCeilingNanos();
        if (current >= ceiling) {
            notFound.add(key + ": already " + setting(key) + ", the search goes up to "
                    + Quantity.formatDurationNanos(ceiling));
            return;
        }
        Found f = bisect(key, current, ceiling, MS, limits.downtimeToleranceNanos(), Quantity::formatDurationNanos,
                Map.of());
        if (f == null) {
            notFound.add(key + ": none up to " + Quantity.formatDurationNanos(ceiling));
        } else {
            fixes.add(new Fix(FixKind.DOWNTIME_LIMIT, key, Quantity.formatDurationNanos(f.value),
                    Map.of(), factor(f.value, current), f.result));
        }
    }

    private void searchRates(List<Fix> fixes, List<String> notFound) {
        String capKey = "precopy.max-bandwidth";
        String linkKey = "link.bandwidth";
        long link = Quantity.parseBytesPerSecond(setting(linkKey));
        String capText = setting(capKey);
        boolean capped = !"unlimited".equals(capText);
        if (capped) {
            long cap = Quantity.parseBytesPerSecond(capText);
            if (cap < link) {
                Found f = bisect(capKey, cap, link, MIB_PER_SEC, limits.rateToleranceBytesPerSec(),
                        Quantity::formatBytesPerSecond, Map.of());
                if (f != null) {
                    fixes.add(new Fix(FixKind.BANDWIDTH_CAP, capKey, Quantity.formatBytesPerSecond(f.value),
                            Map.of(), factor(f.value, cap), f.result));
                    return;
                }
                notFound.add(capKey + ": none up to the link rate " + setting(linkKey));
            }
        }
        long ceiling = limits.linkCeilingBytesPerSec();
        if (link >= ceiling) {
            notFound.add(linkKey + ": already " + setting(linkKey) + ", the search goes up to "
                    + Quantity.formatBytesPerSecond(ceiling));
            return;
        }
        // A faster link helps pre-copy only when the cap does not hold it back: lift the cap with it.
        Map<String, String> also = capped ? Map.of(capKey, "unlimited") : Map.of();
        Found f = bisect(linkKey, link, ceiling, MBIT_PER_SEC, limits.rateToleranceBytesPerSec(),
                Quantity::formatBytesPerSecond, also);
        if (f == null) {
            notFound.add(linkKey + ": none up to " + Quantity.formatBytesPerSecond(ceiling)
                    + (capped ? " (with " + capKey + "=unlimited)" : ""));
        } else {
            fixes.add(new Fix(FixKind.LINK_RATE, linkKey, Quantity.formatBytesPerSecond(f.value), also,
                    factor(f.value, link), f.result));
        }
    }

    private void trySwitch(FixKind kind, String key, String value, List<Fix> fixes, List<String> notFound) {
        if (value.equals(setting(key))) {
            return; // the preset already does it
        }
        Metrics m = replay(Map.of(), Map.of(key, value));
        if (completes(m)) {
            fixes.add(new Fix(kind, key, value, Map.of(), 1, m));
        } else {
            notFound.add(key + "=" + value + ": " + m.outcome() + " at "
                    + Quantity.formatDurationNanos(m.outcomeNanos()));
        }
    }

    private record Found(long value, Metrics result) {
    }

    /**
     * The smallest value in {@code (lo, hi]} that completes, within tolerance, or null when {@code hi} does not:
     * geometric bisection, candidates rounded up to a multiple of {@code granule} (the ceiling is tried as it
     * is). {@code lo} is known not to complete.
     */
    private Found bisect(String key, long lo, long hi, long granule, long absoluteTolerance, LongFunction<String> text,
                         Map<String, String> also) {
        Metrics atHi = replay(also, Map.of(key, text.apply(hi)));
        if (!completes(atHi)) {
            return null;
        }
        Found best = new Found(hi, atHi);
        for (int step = 0; step < limits.maxBisectionSteps(); step++) {
            if (hi - lo <= Math.max(absoluteTolerance, limits.relativeTolerance() * hi)) {
                break;
            }
            double geometricMid = Math.sqrt((double) Math.max(lo, granule) * (double) hi);
            long mid = roundUp((long) Math.ceil(geometricMid), granule);
            if (mid <= lo || mid >= hi) {
                break; // the granule is coarser than what is left
            }
            Metrics m = replay(also, Map.of(key, text.apply(mid)));
            if (completes(m)) {
                hi = mid;
                best = new Found(mid, m);
            } else {
                lo = mid;
            }
        }
        return best;
    }

    private static long roundUp(long value, long granule) {
        long r = value % granule;
        return r == 0 ? value : value + (granule - r);
    }

    private static double factor(long value, long current) {
        return current <= 0 ? Double.POSITIVE_INFINITY : (double) value / current;
    }

    private static boolean completes(Metrics m) {
        return Completion.of(m.outcome()) != Completion.FAILS;
    }

    /** One replay: the user's overrides, the search bound (search replays only), then the change. */
    private Metrics replay(Map<String, String> also, Map<String, String> change) {
        boolean search = !also.isEmpty() || !change.isEmpty();
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (search) {
            all.putAll(searchBound);
        }
        all.putAll(also);
        all.putAll(change);
        Metrics m = replay.run(preset, all);
        replays++;
        Map<String, String> changes = new LinkedHashMap<>(also);
        changes.putAll(change);
        listener.replayed(preset, replays, changes, m);
        return m;
    }

    private String setting(String key) {
        String v = effective.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the effective configuration of preset '" + preset + "' has no " + key);
        }
        return v;
    }
}
