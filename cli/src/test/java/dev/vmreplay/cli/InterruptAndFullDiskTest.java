package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers leave nothing behind: not when interrupted, not when the disk fills up. */
class InterruptAndFullDiskTest {
    @TempDir
    Path dir;

    private static List<Path> listing(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.sorted().toList();
        }
    }

    private static boolean hasTemporary(Path d) throws IOException {
        return listing(d).stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void sigtermDuringGenerateLeavesNoTemporaryFile() throws Exception {
        Path out = dir.resolve("big.parquet");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), VmreplayCommand.class.getName(),
                "generate", "uniform", "--memory", "64GiB", "--duration", "2h", "--out", out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + "-child.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasTemporary(dir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(hasTemporary(dir), "the child started writing its temporary file: " + listing(dir));
            Thread.sleep(300); // mid-write
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), listing(dir), "no temporary and no half trace after SIGTERM");
    }

    @Test
    void aStaleTemporaryOfOursIsSweptWhenTheTargetIsWrittenAgain() throws Exception {
        Path stale = Files.writeString(dir.resolve(".t.parquet.5x0k2j9q.tmp"), "left by a killed run");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3 * 3600)));
        Path fresh = Files.writeString(dir.resolve(".t.parquet.a1b2c3.tmp"), "another writer, now");
        Path foreign = Files.writeString(dir.resolve(".t.parquet.notours.tmp.bak"), "not our naming");
        Files.setLastModifiedTime(foreign, FileTime.from(Instant.now().minusSeconds(3 * 3600)));
        CliRun run = CliRun.run("generate", "idle", "--memory", "64MiB", "--duration", "1s", "--out",
                dir.resolve("t.parquet").toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(Files.exists(stale), "stale temporary of ours removed");
        assertTrue(Files.exists(fresh), "a live writer's temporary is left alone");
        assertTrue(Files.exists(foreign), "only our own naming is swept");
    }

    /** Mounts a tiny tmpfs, or skips with the reason (needs root and a kernel that lets us). */
    private Path smallDisk(String size) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "skipped: cannot mount a small tmpfs to fill (" + said.strip() + ")");
        return mount;
    }

    /** Unmounts; a file of ours still open on the disk (a leaked descriptor) makes this fail. */
    private static void unmount(Path mount) throws Exception {
        List<String> open = new java.util.ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(mount.toString())) {
                        open.add(target);
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Process p = new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true).start();
        p.waitFor(20, TimeUnit.SECONDS);
        assertEquals(List.of(), open, "files left open on the disk");
    }

    @Test
    void fullDiskDuringGenerateNamesTheFileAndLeavesNothing() throws Exception {
        Path disk = smallDisk("256k");
        try {
            Path out = disk.resolve("t.parquet");
            CliRun run = CliRun.run("generate", "uniform", "--memory", "1GiB", "--duration", "20s", "--out", out.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains(out.toString()) && run.err().contains("No space left on device"), run::toString);
            assertFalse(run.err().contains(".tmp"), run::toString);
            assertEquals(List.of(), listing(disk), "nothing left on the full disk");
        } finally {
            unmount(disk);
        }
    }

    @Test
    void fullDiskDuringReportNamesTheFileAndLeavesNoChartDirectory() throws Exception {
        AnalysisCommandsTest.fake(dir.resolve("a.parquet"), 1_250_000_000L);
        Path grid = Files.writeString(dir.resolve("grid.yaml"),
                "traces: [a.parquet]\naxes:\n  link.bandwidth: [1Gbit/s, 2Gbit/s, 5Gbit/s, 10Gbit/s, 20Gbit/s]\n");
        CliRun sweep = CliRun.run(AnalysisCommandsTest.cli(new SweepCommand(AnalysisCommandsTest.ClosedFormBackend::new)),
                "sweep", "--grid", grid.toString(), "--out", dir.resolve("sweep").toString());
        assertEquals(0, sweep.exitCode(), sweep::toString);
        Path disk = smallDisk("64k");
        try {
            Path page = disk.resolve("r.html");
            CliRun run = CliRun.run("report", dir.resolve("sweep").toString(), "--out", page.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("cannot write " + disk) && run.err().contains("No space left on device"),
                    run::toString);
            assertFalse(run.err().contains(".tmp"), run::toString);
            assertEquals(List.of(), listing(disk), "no r-charts/, no page, no staging directory");
        } finally {
            unmount(disk);
        }
    }
}
