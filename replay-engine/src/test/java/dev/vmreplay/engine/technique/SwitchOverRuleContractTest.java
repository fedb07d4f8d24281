package dev.vmreplay.engine.technique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vmreplay.engine.MigrationConfig;
import dev.vmreplay.engine.Presets;
import dev.vmreplay.engine.technique.SwitchOverDecision.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Switch-over rules: the contract every rule keeps (one parameterised test over {@link #rules()}, where a
 * new rule is one line), what the rule sets the configurations build promise, and each rule's
 * boundaries worked by hand. Random sync points come from fixed seeds, printed on failure.
 */
class SwitchOverRuleContractTest {
    private static final long BASE_SEED = 0x5171CL;
    private static final long MEMORY_BYTES = 1L << 30;
    private static final long MS = 1_000_000L;

    static Stream<Named<Supplier<SwitchOverRule>>> rules() {
        return Stream.of(
                rule("downtime target 50 ms", () -> new DowntimeTargetRule(50 * MS)),
                rule("downtime target 0", () -> new DowntimeTargetRule(0)),
                rule("no progress", NoProgressRule::new),
                rule("Xen limits, 30 passes", () -> new XenLimitsRule(30)),
                rule("Xen limits, 1 pass", () -> new XenLimitsRule(1)),
                rule("the default configuration's rules", () -> SwitchOverRules.forConfig(MigrationConfig.defaults())),
                rule("rules with a pass limit", () -> SwitchOverRules.forConfig(MigrationConfig.of(Map.of("precopy.max-passes", "4")))));
    }

    private static Named<Supplier<SwitchOverRule>> rule(String name, Supplier<SwitchOverRule> create) {
        return Named.of(name, create);
    }

    /** A random sync point of a 1 GiB guest; {@code pass} counts from 1. */
    private static SyncPoint randomPoint(SplittableRandom random, int pass) {
        long pages = MEMORY_BYTES / 4096;
        long pending = random.nextInt(8) == 0 ? 0 : random.nextLong(pages + 1);
        long sent = random.nextInt(8) == 0 ? random.nextInt(60) : random.nextLong(pages + 1);
        // dirtied around the share that counts as no progress, often exactly at it
        long dirtied = switch (random.nextInt(3)) {
            case 0 -> (long) Math.ceil(NoProgressRule.DIRTY_SHARE * sent);
            case 1 -> random.nextLong(sent + 1);
            default -> sent;
        };
        double bandwidth = 1e6 + random.nextDouble() * 5e9;
        long total = random.nextLong(5 * MEMORY_BYTES);
        return new SyncPoint(pass, pending, pending * 4096, bandwidth, sent, total, MEMORY_BYTES, dirtied);
    }

    private static List<SyncPoint> randomMigration(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SyncPoint> points = new ArrayList<>();
        int passes = 1 + random.nextInt(40);
        for (int pass = 1; pass <= passes; pass++) {
            points.add(randomPoint(random, pass));
        }
        return points;
    }

    @ParameterizedTest
    @MethodSource("rules")
    void everyDecisionHasAKindAndAReason(Supplier<SwitchOverRule> create) {
        for (int run = 0; run < 50; run++) {
            long seed = BASE_SEED + run;
            SwitchOverRule rule = create.get();
            for (SyncPoint p : randomMigration(seed)) {
                SwitchOverDecision d = rule.decide(p);
                assertNotNull(d, "seed " + seed + ": " + p);
                assertNotNull(d.kind(), "seed " + seed + ": " + p);
                assertFalse(d.reason() == null || d.reason().isBlank(), "seed " + seed + ": " + p);
            }
        }
    }

    /** Rules may count across sync points, but only their own: two instances asked in turn answer alike. */
    @ParameterizedTest
    @MethodSource("rules")
    void twoInstancesAskedInTurnDecideAlike(Supplier<SwitchOverRule> create) {
        for (int run = 0; run < 50; run++) {
            long seed = BASE_SEED + run;
            SwitchOverRule a = create.get();
            SwitchOverRule b = create.get();
            for (SyncPoint p : randomMigration(seed)) {
                assertEquals(a.decide(p), b.decide(p), "seed " + seed + ": " + p);
            }
        }
    }

    /** A pass that sent nothing cannot show a lack of progress. */
    @ParameterizedTest
    @MethodSource("rules")
    void aPassThatSentNothingIsNeverStuck(Supplier<SwitchOverRule> create) {
        for (int run = 0; run < 50; run++) {
            long seed = BASE_SEED + run;
            SwitchOverRule rule = create.get();
            for (SyncPoint r : randomMigration(seed)) {
                SyncPoint p = new SyncPoint(r.passesDone(), r.pendingPages(), r.pendingBytes(), r.bandwidthBytesPerSec(),
                        0, r.totalBytesSent(), r.memoryBytes(), r.pagesDirtiedInPass());
                assertNotEquals(Kind.STUCK, rule.decide(p).kind(), "seed " + seed + ": " + p);
            }
        }
    }

    /** Whatever came before, a sync point with nothing left to send ends pre-copy as converged. */
    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetsRulesSwitchWhenNothingIsPending(String preset) {
        for (int run = 0; run < 50; run++) {
            long seed = BASE_SEED + run;
            SwitchOverRule rules = SwitchOverRules.forConfig(Presets.config(preset, Map.of("precopy.max-passes", "3")));
            List<SyncPoint> before = randomMigration(seed);
            for (SyncPoint p : before) {
                rules.decide(p);
            }
            SyncPoint last = before.get(before.size() - 1);
            SyncPoint empty = new SyncPoint(last.passesDone() + 1, 0, 0, last.bandwidthBytesPerSec(),
                    last.pagesSentInPass(), last.totalBytesSent(), MEMORY_BYTES, last.pagesSentInPass());
            assertEquals(Kind.SWITCH, rules.decide(empty).kind(), "seed " + seed + ": " + empty);
        }
    }

    static Stream<String> presets() {
        return Presets.names().stream();
    }

    /** 1000 pages at 81.92 MB/s take exactly 50 ms. */
    private static SyncPoint pending1000PagesOf50Ms() {
        return new SyncPoint(3, 1000, 1000 * 4096, 1000 * 4096 * 20.0, 10_000, 0, MEMORY_BYTES, 0);
    }

    @Test
    void downtimeTargetSwitchesAtExactlyTheTargetAndNotANanosecondBelow() {
        assertEquals(50 * MS, pending1000PagesOf50Ms().expectedDowntimeNanos());
        assertEquals(Kind.SWITCH, new DowntimeTargetRule(50 * MS).decide(pending1000PagesOf50Ms()).kind());
        assertEquals(SwitchOverDecision.CONTINUE, new DowntimeTargetRule(50 * MS - 1).decide(pending1000PagesOf50Ms()));
    }

    @Test
    void xenEndsPreCopyBelowFiftyPagesAtThePassLimitAndAtThreeTimesMemory() {
        XenLimitsRule xen = new XenLimitsRule(5);
        assertEquals(Kind.SWITCH, xen.decide(new SyncPoint(1, 500, 500 * 4096, 1e9, 49, 0, MEMORY_BYTES, 0)).kind());
        assertEquals(Kind.CONTINUE, xen.decide(new SyncPoint(1, 500, 500 * 4096, 1e9, 50, 0, MEMORY_BYTES, 0)).kind());
        assertEquals(Kind.CONTINUE, xen.decide(new SyncPoint(4, 500, 500 * 4096, 1e9, 50, 0, MEMORY_BYTES, 0)).kind());
        assertEquals(Kind.STUCK, xen.decide(new SyncPoint(5, 500, 500 * 4096, 1e9, 50, 0, MEMORY_BYTES, 0)).kind());
        assertEquals(Kind.SWITCH, xen.decide(new SyncPoint(5, 500, 500 * 4096, 1e9, 49, 0, MEMORY_BYTES, 0)).kind(),
                "few pages sent wins over the pass limit");
        assertEquals(Kind.CONTINUE,
                xen.decide(new SyncPoint(2, 500, 500 * 4096, 1e9, 50, 3 * MEMORY_BYTES - 1, MEMORY_BYTES, 0)).kind());
        assertEquals(Kind.STUCK,
                xen.decide(new SyncPoint(2, 500, 500 * 4096, 1e9, 50, 3 * MEMORY_BYTES, MEMORY_BYTES, 0)).kind());
    }

    @Test
    void noProgressIsTwoSyncsInARowDirtyingNineTenthsOfWhatWasSentThenCountsAgain() {
        NoProgressRule rule = new NoProgressRule();
        SyncPoint stalled = new SyncPoint(1, 5000, 5000 * 4096, 1e9, 1000, 0, MEMORY_BYTES, 900);
        SyncPoint moving = new SyncPoint(1, 5000, 5000 * 4096, 1e9, 1000, 0, MEMORY_BYTES, 899);
        assertEquals(Kind.CONTINUE, rule.decide(stalled).kind());
        assertEquals(Kind.CONTINUE, rule.decide(moving).kind(), "899 of 1000 is progress: the count restarts");
        assertEquals(Kind.CONTINUE, rule.decide(stalled).kind());
        assertEquals(Kind.STUCK, rule.decide(stalled).kind());
        assertEquals(Kind.CONTINUE, rule.decide(stalled).kind(), "after acting it counts from zero");
        assertEquals(Kind.STUCK, rule.decide(stalled).kind());
    }

    @Test
    void combinedRulesPreferSwitchThenStuckAndEveryRuleSeesEveryPoint() {
        // under target and not progressing: the downtime rule switches, the no-progress rule counts 1
        SyncPoint stalledUnderTarget = new SyncPoint(1, 10, 10 * 4096, 1e9, 1000, 0, MEMORY_BYTES, 950);
        SyncPoint stalledOverTarget = new SyncPoint(2, 1_000_000, 1_000_000L * 4096, 1e9, 1000, 0, MEMORY_BYTES, 950);
        // the switching rule first, as forConfig orders them: the one after it must still be asked
        SwitchOverRules rules = new SwitchOverRules(List.of(new DowntimeTargetRule(50 * MS), new NoProgressRule()));
        assertEquals(Kind.SWITCH, rules.decide(stalledUnderTarget).kind());
        assertEquals(Kind.STUCK, rules.decide(stalledOverTarget).kind(), "the no-progress rule saw the first point too");
        assertEquals(Kind.CONTINUE, rules.decide(stalledOverTarget).kind());
    }
}
