package dev.vmreplay.analysis.sweep;

import dev.vmreplay.analysis.FakeBackend;
import dev.vmreplay.analysis.results.RunSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridParserTest {
    @TempDir
    Path dir;
    private final FakeBackend backend = new FakeBackend();
    private final GridParser parser = new GridParser(backend);

    @BeforeEach
    void traces() throws Exception {
        FakeBackend.writeTrace(dir.resolve("traces/a.parquet"), 1L << 30);
        FakeBackend.writeTrace(dir.resolve("traces/b.parquet"), 2L << 30);
        Files.writeString(dir.resolve("traces/b.parquet.vm.json"), "{}");
        FakeBackend.writeTrace(dir.resolve("single.parquet"), 1L << 30);
        Files.writeString(dir.resolve("io.parquet"), "io");
        Files.writeString(dir.resolve("notatrace.parquet"), "PAR1 something else");
    }

    private SweepGrid parse(String yaml) {
        return parser.parse(dir.resolve("grid.yaml"), yaml);
    }

    private GridException failure(String yaml) {
        return assertThrows(GridException.class, () -> parse(yaml));
    }

    @Test
    void gridExpandsGlobsPresetsAndAxesIntoSortedRuns() {
        SweepGrid grid = parse("""
                traces:
                  - traces/*.parquet
                  - memory: single.parquet
                    io: io.parquet
                presets: [seeds-all, qemu-precopy]
                settings:
                  migration.start: 1s
                axes:
                  link.bandwidth: [1Gbit/s, 10Gbit/s]
                  precopy.downtime-target: [100ms, 300ms, 1s]
                """);
        List<RunSpec> runs = grid.runs();
        assertEquals(3 * 2 * 2 * 3, runs.size());
        assertEquals("single.parquet", runs.get(0).traceName());
        assertEquals("io.parquet", runs.get(0).ioTraceName());
        assertEquals("qemu-precopy", runs.get(0).preset());
        assertEquals(Map.of("migration.start", "1s", "link.bandwidth", "1Gbit/s", "precopy.downtime-target", "100ms"),
                runs.get(0).overrides());
        assertEquals("migration.start=1s;link.bandwidth=1Gbit/s;precopy.downtime-target=300ms", runs.get(1).overridesText());
        assertEquals("traces/a.parquet", runs.get(12).traceName());
        assertNull(runs.get(12).ioTraceName());
        assertEquals("traces/b.parquet", runs.get(24).traceName());
        assertEquals("seeds-all", runs.get(35).preset());
    }

    @Test
    void presetsDefaultToEveryPresetAndAxesToOneConfiguration() {
        SweepGrid grid = parse("traces: single.parquet\n");
        assertEquals(FakeBackend.PRESETS.size(), grid.runs().size());
        assertTrue(grid.runs().stream().allMatch(r -> r.overrides().isEmpty()));
    }

    @Test
    void unknownConfigurationKeyIsReportedAtItsLine() {
        GridException e = failure("""
                traces: [single.parquet]
                axes:
                  link.bandwidth: [1Gbit/s]
                  link.bandwith: [2Gbit/s]
                """);
        assertEquals(4, e.line());
        assertEquals(3, e.column(), "reported at the key");
        assertTrue(e.getMessage().contains("grid.yaml:4:3: "), e.getMessage());
        assertTrue(e.getMessage().contains("unknown configuration key 'link.bandwith' (did you mean 'link.bandwidth'?)"),
                e.getMessage());
    }

    @Test
    void badValueIsReportedAtTheValuesLine() {
        GridException e = failure("""
                traces: [single.parquet]
                axes:
                  link.bandwidth:
                    - 1Gbit/s
                    - fast
                """);
        assertEquals(5, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("invalid rate 'fast': does not start with a number"), e.getMessage());
    }

    @Test
    void badFixedSettingIsReportedAtItsLine() {
        GridException e = failure("""
                traces: [single.parquet]
                settings:
                  migration.start: soon
                """);
        assertEquals(3, e.line());
    }

    @Test
    void valuesThatClashOnlyInCombinationNameThePresetLine() {
        GridException e = failure("""
                traces: [single.parquet]
                presets: [qemu-precopy, stop-and-copy]
                axes:
                  precopy.max-passes: [30, 5]
                """);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("stop-and-copy"), e.getMessage());
    }

    @Test
    void missingTraceIsReportedAtItsLine() {
        GridException e = failure("""
                presets: [qemu-precopy]
                traces:
                  - single.parquet
                  - missing.parquet
                """);
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("trace file not found"), e.getMessage());
    }

    @Test
    void globMatchingNothingIsAnError() {
        assertEquals(2, failure("traces:\n  - nothing/*.parquet\n").line());
    }

    @Test
    void unreadableTraceIsReportedBeforeAnyRun() {
        GridException e = failure("traces: [notatrace.parquet]\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("schema mismatch"), e.getMessage());
        assertEquals(0, backend.runs.get());
    }

    @Test
    void unknownPresetAndUnknownTopLevelKeyAreReported() {
        GridException preset = failure("traces: [single.parquet]\npresets:\n  - qemu-precopy\n  - qemu-turbo\n");
        assertEquals(4, preset.line());
        assertTrue(preset.getMessage().contains("known: qemu-precopy"), preset.getMessage());
        GridException key = failure("traces: [single.parquet]\naxis:\n  link.bandwidth: [1Gbit/s]\n");
        assertEquals(2, key.line());
        assertTrue(key.getMessage().contains("unknown key 'axis'"), key.getMessage());
    }

    @Test
    void ioNeedsASingleMemoryTrace() {
        GridException e = failure("traces:\n  - memory: traces/*.parquet\n    io: io.parquet\n");
        assertEquals(3, e.line());
    }

    @Test
    void duplicateKeysAndBrokenYamlAreReportedWithLines() {
        GridException duplicate = failure("traces: [single.parquet]\naxes:\n  link.bandwidth: [1Gbit/s]\n  link.bandwidth: [2Gbit/s]\n");
        assertEquals(4, duplicate.line(), duplicate.getMessage());
        GridException yaml = failure("traces: [single.parquet\naxes: {\n");
        assertTrue(yaml.line() > 0, yaml.getMessage());
        assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
    }

    @Test
    void missingTracesAndEmptyFileAreReported() {
        assertTrue(failure("presets: [qemu-precopy]\n").getMessage().contains("missing 'traces'"));
        assertTrue(failure("").getMessage().contains("empty"));
    }

    private static String values(String unit, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            sb.append(i == 1 ? "" : ", ").append(i).append(unit);
        }
        return sb.append(']').toString();
    }

    @Test
    void hugeCrossProductIsCountedAndRefusedBeforeAnyConfigurationIsMade() {
        String yaml = "traces: [single.parquet]\npresets: [qemu-precopy]\naxes:\n"
                + "  link.bandwidth: " + values("Mbit/s", 1000) + "\n"
                + "  precopy.downtime-target: " + values("ms", 1000) + "\n"
                + "  migration.start: " + values("ms", 1000) + "\n";
        GridException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> failure(yaml));
        assertTrue(e.getMessage().contains("the grid makes 1,000,000,000 runs (1 trace x 1 preset x 1000 link.bandwidth"
                + " x 1000 precopy.downtime-target x 1000 migration.start), over the limit of 100,000"), e.getMessage());
    }

    @Test
    void tracesCountTowardsTheLimit() throws Exception {
        for (int i = 0; i < 30; i++) {
            FakeBackend.writeTrace(dir.resolve("many/t" + i + ".parquet"), 1L << 30);
        }
        GridException e = failure("traces: [many/*.parquet]\naxes:\n  precopy.downtime-target: " + values("ms", 1000) + "\n");
        assertTrue(e.getMessage().contains("the grid makes 120,000 runs (30 traces x 4 presets x 1000 precopy.downtime-target)"),
                e.getMessage());
    }

    @Test
    void runsAreAViewMadeOnDemandInGridOrder() {
        SweepGrid grid = parse("traces: [single.parquet]\npresets: [qemu-precopy]\naxes:\n"
                + "  link.bandwidth: " + values("Mbit/s", 100) + "\n  precopy.downtime-target: " + values("ms", 100) + "\n"
                + "  migration.start: [1s, 2s]\n");
        List<RunSpec> runs = grid.runs();
        assertEquals(20_000, runs.size());
        assertEquals(Map.of("link.bandwidth", "100Mbit/s", "precopy.downtime-target", "1ms", "migration.start", "2s"),
                runs.get(99 * 200 + 1).overrides());
        assertEquals(List.of("link.bandwidth", "precopy.downtime-target", "migration.start"),
                List.copyOf(runs.get(0).overrides().keySet()));
    }

    @Test
    void nonUtf8GridNamesTheFileAndTheLineAndColumnOfTheByte() throws Exception {
        Path grid = dir.resolve("latin1.yaml");
        byte[] head = "traces: [single.parquet]\n# caf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xE9; // 'e' acute in Latin-1
        bytes[head.length + 1] = '\n';
        Files.write(grid, bytes);
        GridException e = assertThrows(GridException.class, () -> parser.parse(grid));
        assertEquals(grid + ":2:6: byte 0xE9 is not UTF-8 (save the grid as UTF-8)", e.getMessage());
    }
}
