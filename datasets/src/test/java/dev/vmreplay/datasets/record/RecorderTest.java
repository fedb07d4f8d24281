package dev.vmreplay.datasets.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmreplay.datasets.importer.ImportOptions;
import dev.vmreplay.datasets.importer.PageMapping;
import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a small C program that, once per epoch, rewrites 64 pages and writes 100 pages it never
 * touched, and checks the recorder saw exactly those pages, epoch by epoch.
 */
class RecorderTest {
    static final int EPOCH_MS = 200;
    static final int BURSTS = 5;
    static final int REDIRTY = 64;
    static final int FRESH = 100;

    @TempDir
    static Path dir;
    static Path writer;

    @BeforeAll
    static void compileTarget() throws IOException, InterruptedException {
        Path source = dir.resolve("page_writer.c");
        try (InputStream in = RecorderTest.class.getResourceAsStream("page_writer.c")) {
            Files.copy(in, source);
        }
        writer = dir.resolve("page_writer");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", writer.toString(), source.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "gcc not installed: " + e.getMessage());
            return;
        }
        assertEquals(0, gcc.waitFor(), "gcc failed on page_writer.c");
    }

    private List<String> command(Path info) {
        return List.of(writer.toString(), Integer.toString(EPOCH_MS), Integer.toString(BURSTS),
                Integer.toString(REDIRTY), Integer.toString(FRESH), info.toString());
    }

    @Test
    void everyEpochListsExactlyThePagesWrittenInIt() throws IOException {
        Path csv = dir.resolve("epochs.csv");
        Path info = dir.resolve("info1");
        Recorder.Captured c = Recorder.capture(command(info), EPOCH_MS * 1_000_000L, csv);
        assertEquals(0, c.exitCode());
        assertEquals("uffd-wp-async+pagemap-scan", c.facts().get("mechanism"), c.facts().toString());
        assertEquals("0", c.facts().get("scan_errors"), c.facts().toString());
        String[] range = Files.readString(info).trim().split(",");
        long first = Long.parseLong(range[0]);
        long pages = Long.parseLong(range[1]);
        TreeMap<Long, Long> inBuffer = new TreeMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            long t = Long.parseLong(f[0]);
            long vpn = Long.parseLong(f[1]);
            if (vpn >= first && vpn < first + pages) {
                inBuffer.merge(t, 1L, Long::sum);
            }
        }
        // One burst per epoch: 64 rewritten + 100 new pages each, nothing else of the buffer.
        assertEquals(BURSTS, inBuffer.size(), "epochs with buffer writes: " + inBuffer + " facts " + c.facts());
        for (Map.Entry<Long, Long> e : inBuffer.entrySet()) {
            assertEquals(REDIRTY + FRESH, e.getValue(), "epoch at " + e.getKey() + ": " + inBuffer);
        }
    }

    @Test
    void recordingConvertsToATraceWithRecorderProvenance() throws IOException {
        Path csv = dir.resolve("epochs2.csv");
        CollectingOutputs out = new CollectingOutputs();
        Path trace = Path.of("rec.parquet");
        Recorder.Result r = Recorder.record(command(dir.resolve("info2")), EPOCH_MS * 1_000_000L, csv,
                ImportOptions.defaults().withPageMapping(PageMapping.BLOCK_2M), out, trace);
        MemoryBatch rows = out.memory.get(trace);
        VmManifest m = out.manifests.get(trace);
        assertEquals(Files.readAllLines(csv).size(), rows.size, "every recorded page is a row");
        assertTrue(rows.size >= BURSTS * (REDIRTY + FRESH));
        assertEquals(0, rows.timeNanos[0]);
        assertEquals(0, m.memoryBytes() % (2 << 20));
        @SuppressWarnings("unchecked")
        Map<String, Object> recorder = (Map<String, Object>) m.provenance().get("recorder");
        assertEquals("uffd-wp-async+pagemap-scan", recorder.get("mechanism"));
        assertEquals(0, r.commandExitCode());
        assertTrue(((String) recorder.get("command")).contains("page_writer"));
    }

    @Test
    void epochShorterThanAMillisecondIsRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Recorder.capture(List.of("true"), 1000, dir.resolve("x.csv")));
    }

    @Test
    void forcedSoftDirtyEitherRecordsOrFailsNamingTheReason() {
        Path csv = dir.resolve("sd.csv");
        try {
            Recorder.Captured c = Recorder.capture(command(dir.resolve("info3")), EPOCH_MS * 1_000_000L,
                    Recorder.Mechanism.SOFT_DIRTY, csv);
            assertEquals("soft-dirty", c.facts().get("mechanism"));
        } catch (IllegalStateException e) {
            // Kernels without CONFIG_MEM_SOFT_DIRTY (this 6.18 one among them) say so.
            assertTrue(e.getMessage().contains("soft-dirty") || e.getMessage().contains("clear_refs"), e.getMessage());
        }
    }

    /**
     * A wrapper that execs the real program (a pyenv shim) used to record only its own start-up
     * and pass for a recording; it is bad input naming the program it exec'd, with nothing left behind.
     */
    @Test
    void aWrapperThatExecsAnotherProgramIsRefused() throws IOException {
        Path shim = dir.resolve("shim.sh");
        Files.writeString(shim, "#!/bin/sh\nexec /bin/true \"$@\"\n");
        assertTrue(shim.toFile().setExecutable(true));
        Path csv = dir.resolve("shim.csv");
        IllegalArgumentException e;
        try {
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Recorder.capture(List.of(shim.toString()), EPOCH_MS * 1_000_000L, csv));
        } catch (org.opentest4j.AssertionFailedError notThrown) {
            if (notThrown.getCause() instanceof IllegalStateException refused
                    && refused.getMessage().contains("no dirty-page tracking")) {
                assumeTrue(false, "the kernel refuses userfaultfd and soft-dirty here: " + refused.getMessage());
            }
            throw notThrown;
        }
        assertTrue(e.getMessage().startsWith("record: " + shim + " replaced itself with /bin/true (exec) after "),
                e.getMessage());
        assertTrue(e.getMessage().contains("pyenv which python"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(Files.notExists(csv) && Files.notExists(dir.resolve("shim.csv.meta")), "nothing left behind");
    }

    @Test
    void aProgramThatForksChildrenWhichExecIsStillRecorded() {
        Path csv = dir.resolve("forks.csv");
        Recorder.Captured c = Recorder.capture(List.of("/bin/sh", "-c", "/bin/true | /bin/cat; /bin/true; echo"),
                EPOCH_MS * 1_000_000L, csv);
        assertEquals(0, c.exitCode());
        assertTrue(!c.facts().containsKey("exec"), "children's execs are not the recorded process's: " + c.facts());
    }
}
