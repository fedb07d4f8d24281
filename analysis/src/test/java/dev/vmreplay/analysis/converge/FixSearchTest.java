package dev.vmreplay.analysis.converge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.engine.Metrics;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.units.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The search on fake replays whose answer is known: each completes iff a setting crosses a threshold. */
class FixSearchTest {
    private static final long MS = 1_000_000L;
    private static final long MIB = 1L << 20;

    /** A replay that converges (downtime 10 ms, total 5 s) when {@code completes} holds for its settings. */
    private static PresetReplay fake(Predicate<Map<String, String>> completes, List<Map<String, String>> seen) {
        return (preset, overrides) -> {
            Map<String, String> s = Presets.config(preset, overrides).effectiveSettings();
            seen.add(overrides);
            boolean ok = completes.test(s);
            String bound = s.get("migration.timeout");
            long timeout = bound.equals("auto") ? 300_000_000_000L : Quantity.parseDurationNanos(bound);
            return new Metrics(ok ? 10 * MS : 0, ok ? 5_000 * MS : timeout, 1L << 30, 3, 1000, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, ok, false, 0, 1, true, ok ? "converged" : "timed-out", ok ? 4_990 * MS : timeout,
                    Quantity.parseDurationNanos(s.get("precopy.downtime-target")), 0);
        };
    }

    private static ConvergenceVerdict search(PresetReplay replay, String preset) {
        return FixSearch.verdict(replay, preset, Map.of(), Presets.config(preset, Map.of()).effectiveSettings(),
                SearchLimits.defaults(), ReplayListener.NONE);
    }

    private static long downtimeLimit(Map<String, String> s) {
        return Quantity.parseDurationNanos(s.get("precopy.downtime-target"));
    }

    /** The pre-copy rate: the cap, or the link rate without one. */
    private static long precopyRate(Map<String, String> s) {
        long link = Quantity.parseBytesPerSecond(s.get("link.bandwidth"));
        String cap = s.get("precopy.max-bandwidth");
        return "unlimited".equals(cap) ? link : Math.min(link, Quantity.parseBytesPerSecond(cap));
    }

    private static Fix only(ConvergenceVerdict v, FixKind kind) {
        List<Fix> found = v.fixes().stream().filter(f -> f.kind() == kind).toList();
        assertEquals(1, found.size(), () -> kind + " in " + v);
        return found.get(0);
    }

    @Test
    void downtimeLimitSearchReturnsTheThresholdWithinFivePercent() {
        for (long thresholdMs : new long[] {301, 777, 2345, 41_000}) {
            List<Map<String, String>> seen = new ArrayList<>();
            ConvergenceVerdict v = search(fake(s -> downtimeLimit(s) >= thresholdMs * MS, seen), "qemu-precopy");
            assertEquals(Completion.FAILS, v.completion());
            Fix f = only(v, FixKind.DOWNTIME_LIMIT);
            long found = Quantity.parseDurationNanos(f.value());
            assertTrue(found >= thresholdMs * MS, () -> f + " below " + thresholdMs);
            assertTrue(found - thresholdMs * MS <= Math.max(10 * MS, 0.05 * found), () -> f + " vs " + thresholdMs);
            assertEquals((double) found / (300 * MS), f.factor(), 1e-9);
            assertEquals(1, v.fixes().size(), v::toString);
            assertTrue(v.replays() <= SearchLimits.defaults().maxReplaysPerPreset(), v::toString);
            assertEquals(seen.size(), v.replays());
        }
    }

    @Test
    void bandwidthCapSearchReturnsTheThresholdWithinFivePercent() {
        for (long thresholdMib : new long[] {129, 300, 1100}) {
            ConvergenceVerdict v = search(fake(s -> precopyRate(s) >= thresholdMib * MIB, new ArrayList<>()),
                    "qemu-precopy");
            Fix f = only(v, FixKind.BANDWIDTH_CAP);
            long found = Quantity.parseBytesPerSecond(f.value());
            assertTrue(found >= thresholdMib * MIB, () -> f + " below " + thresholdMib);
            assertTrue(found - thresholdMib * MIB <= Math.max(MIB, 0.05 * found), () -> f + " vs " + thresholdMib);
            assertTrue(v.fixes().stream().noneMatch(x -> x.kind() == FixKind.LINK_RATE),
                    "a faster link is searched only when lifting the cap is not enough");
        }
    }

    @Test
    void linkRateIsSearchedWithTheCapLiftedWhenTheLinkRateItselfIsTooSlow() {
        long threshold = 37_000_000_000L / 8; // 37 Gbit/s
        ConvergenceVerdict v = search(fake(s -> precopyRate(s) >= threshold, new ArrayList<>()), "qemu-precopy");
        Fix f = only(v, FixKind.LINK_RATE);
        long found = Quantity.parseBytesPerSecond(f.value());
        assertTrue(found >= threshold && found - threshold <= 0.05 * found, f::toString);
        assertEquals(Map.of("precopy.max-bandwidth", "unlimited"), f.alsoSet());
        assertTrue(v.notFound().stream().anyMatch(n -> n.startsWith("precopy.max-bandwidth: none up to")), v::toString);
    }

    @Test
    void fixesAreOrderedNumericByFactorThenAutoConvergeThenPostcopyThenLink() {
        // completes with a 5x downtime limit, a 2x cap, auto-converge or post-copy
        ConvergenceVerdict v = search(fake(s -> downtimeLimit(s) >= 1500 * MS || precopyRate(s) >= 256 * MIB
                || "on".equals(s.get("precopy.auto-converge")) || "postcopy".equals(s.get("migration.mode")),
                new ArrayList<>()), "qemu-precopy");
        assertEquals(List.of(FixKind.BANDWIDTH_CAP, FixKind.DOWNTIME_LIMIT, FixKind.AUTO_CONVERGE, FixKind.POSTCOPY),
                v.fixes().stream().map(Fix::kind).toList());
        assertEquals(List.of(), v.notFound());
    }

    @Test
    void aMigrationThatCompletesTakesOneReplayAndNoSearch() {
        List<Map<String, String>> seen = new ArrayList<>();
        ConvergenceVerdict v = search(fake(s -> true, seen), "qemu-precopy");
        assertEquals(Completion.COMPLETES, v.completion());
        assertEquals(1, v.replays());
        assertEquals(List.of(), v.fixes());
        assertEquals(0, v.searchTimeoutNanos());
    }

    @Test
    void searchReplaysAreBoundedBySearchTimeoutButTheVerdictIsNot() {
        List<Map<String, String>> seen = new ArrayList<>();
        ConvergenceVerdict v = search(fake(s -> false, seen), "qemu-precopy");
        assertEquals(Map.of(), seen.get(0), "the verdict runs the preset as configured");
        for (Map<String, String> o : seen.subList(1, seen.size())) {
            assertEquals("1min", o.get("migration.timeout"), o::toString);
        }
        assertEquals(SearchLimits.DEFAULT_SEARCH_TIMEOUT_NANOS, v.searchTimeoutNanos());
        assertTrue(v.fixes().isEmpty());
        assertEquals(5, v.notFound().size(), v::toString); // downtime, cap, link, auto-converge, post-copy
    }

    @Test
    void presetAlreadyUsingATechniqueIsNotOfferedIt() {
        ConvergenceVerdict v = search(fake(s -> "on".equals(s.get("precopy.auto-converge"))
                && downtimeLimit(s) >= 900 * MS, new ArrayList<>()), "qemu-autoconverge");
        assertFalse(v.fixes().stream().anyMatch(f -> f.kind() == FixKind.AUTO_CONVERGE));
        only(v, FixKind.DOWNTIME_LIMIT);
    }
}
