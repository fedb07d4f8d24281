package dev.vmreplay.cli;

import static dev.vmreplay.cli.AnalysisCommandsTest.cli;
import static dev.vmreplay.cli.AnalysisCommandsTest.fake;
import static dev.vmreplay.cli.AnalysisCommandsTest.realTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep checks the options, the whole grid and the traces before it creates anything in --out. */
class SweepChecksTest {
    @TempDir
    Path dir;

    private CliRun sweep(Object command, String grid, String... more) throws Exception {
        Path gridFile = dir.resolve("grid.yaml");
        Files.writeString(gridFile, grid);
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--grid", gridFile.toString(), "--out",
                dir.resolve("out").toString()));
        args.addAll(List.of(more));
        if (!args.contains("--threads")) {
            args.addAll(List.of("--threads", "1"));
        }
        return CliRun.run(cli(command), args.toArray(String[]::new));
    }

    private void assertRefusedLeavingNothing(CliRun run, String... expected) {
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        for (String e : expected) {
            assertTrue(run.err().contains(e), () -> "expected '" + e + "' in " + run);
        }
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is created in --out: " + run);
    }

    @Test
    void sparkWithoutTheSparkModuleIsRefusedBeforeOutExists() throws Exception {
        realTrace(dir.resolve("vm.parquet"));
        CliRun run = sweep(new SweepCommand(), "traces: [vm.parquet]\npresets: [qemu-precopy]\n", "--spark", "local[2]");
        assertRefusedLeavingNothing(run, "--spark needs the optional spark module", "./vmreplay");
    }

    @Test
    void settingThatClashesWithTheGuestIsReportedAtItsGridPositionBeforeOutExists() throws Exception {
        realTrace(dir.resolve("vm.parquet")); // a 2-vCPU guest
        CliRun run = sweep(new SweepCommand(), "traces: [vm.parquet]\npresets: [qemu-precopy]\nsettings:\n"
                + "  trace.install-vcpus: 4\n");
        assertRefusedLeavingNothing(run, "grid.yaml:4:24: ", "'trace.install-vcpus'", "the guest has 2 vCPUs");
    }

    @Test
    void axisValueThatClashesWithTheGuestIsReportedAtTheValue() throws Exception {
        realTrace(dir.resolve("vm.parquet"));
        CliRun run = sweep(new SweepCommand(), "traces: [vm.parquet]\npresets: [qemu-precopy]\naxes:\n"
                + "  trace.install-vcpus: [1, 4]\n");
        assertRefusedLeavingNothing(run, "grid.yaml:4:28: ", "the guest has 2 vCPUs");
    }

    @Test
    void traceWithABadRowIsReportedBeforeOutExists() throws Exception {
        long memory = 64L << 20;
        VmManifest manifest = new VmManifest(memory, 2, List.of(new LargePageRange(0, memory, LargePageRange.PAGE_2M)),
                List.of(), 0, 0, Map.of(), false);
        try (MemoryTraceWriter w = Traces.createMemory(dir.resolve("bad.parquet"), manifest)) {
            MemoryBatch batch = new MemoryBatch();
            for (int i = 0; i < 5_000; i++) {
                batch.add(i * 1_000L, i == 4_000 ? 1 : 0, 4096L * (i % 100), 4096, MemoryBatch.OP_WRITE);
            }
            w.write(batch);
            w.commit();
        }
        // The sidecar manifest wins over the stored one: now row 4000's vCPU 1 does not exist.
        dev.vmreplay.trace.ManifestJson.writeSidecar(dir.resolve("bad.parquet"), new VmManifest(memory, 1,
                manifest.largePages(), List.of(), 0, 0, Map.of(), false));
        CliRun run = sweep(new SweepCommand(), "traces: [bad.parquet]\npresets: [qemu-precopy]\n");
        assertRefusedLeavingNothing(run, "grid.yaml:1:10: ", "row 4000");
    }

    @Test
    void zeroThreadsIsRefusedBeforeOutExists() throws Exception {
        fake(dir.resolve("a.parquet"), 1_000_000L);
        CliRun run = sweep(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new), "traces: [a.parquet]\n",
                "--threads", "0");
        assertRefusedLeavingNothing(run, "--threads must be >= 1, was 0");
    }

    @Test
    void successfulSweepLeavesNoLockAndADifferentGridIsRefusedUnlessForced() throws Exception {
        fake(dir.resolve("a.parquet"), 1_000_000L);
        CliRun first = sweep(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new), "traces: [a.parquet]\n");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(Files.notExists(dir.resolve("out/.sweep.lock")), "the lock goes with the sweep");
        assertTrue(first.err().startsWith("sweep: [2/2] finished a.parquet "), "progress on a stderr that is no terminal: "
                + first);
        byte[] results = Files.readAllBytes(dir.resolve("out/results.csv"));

        String other = "traces: [a.parquet]\naxes:\n  link.bandwidth: [1Gbit/s, 2Gbit/s]\n";
        CliRun second = sweep(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new), other);
        assertEquals(2, second.exitCode(), second::toString);
        assertEquals(1, second.errLines().size(), second::toString);
        assertTrue(second.err().contains("holds the results of another grid"), second::toString);
        assertTrue(java.util.Arrays.equals(results, Files.readAllBytes(dir.resolve("out/results.csv"))),
                "the first grid's tables are untouched");
        assertTrue(Files.notExists(dir.resolve("out/.sweep.lock")));

        CliRun forced = sweep(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new), other, "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(other, Files.readString(dir.resolve("out/grid.yaml")));
        assertTrue(Files.notExists(dir.resolve("out/.sweep.lock")));
    }

    @Test
    void hugeGridIsRefusedWithItsCountBeforeOutExists() throws Exception {
        fake(dir.resolve("a.parquet"), 1_000_000L);
        StringBuilder bw = new StringBuilder();
        StringBuilder start = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            bw.append(i == 1 ? "" : ", ").append(i).append("Mbit/s");
            start.append(i == 1 ? "" : ", ").append(i).append("ms");
        }
        CliRun run = sweep(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new), "traces: [a.parquet]\naxes:\n"
                + "  link.bandwidth: [" + bw + "]\n  migration.start: [" + start + "]\n");
        assertRefusedLeavingNothing(run, "the grid makes 2,000,000 runs (1 trace x 2 presets x 1000 link.bandwidth x 1000"
                + " migration.start), over the limit of 100,000");
    }
}
