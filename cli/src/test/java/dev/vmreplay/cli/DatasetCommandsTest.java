package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generate, import and record commands run in-process. */
class DatasetCommandsTest {
    @TempDir
    Path dir;

    private static String[] run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        ErrorHandler errors = new ErrorHandler();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void generateListExplainsEveryWorkload() {
        String[] r = run(new GenerateCommand(), "--list");
        assertEquals("0", r[0], r[2]);
        for (String w : new String[] {"idle", "uniform", "hot-cold", "sequential", "bursty", "zeroing", "database"}) {
            assertTrue(r[1].contains(w), w);
        }
        assertTrue(r[1].contains("--param skew=0.99"), r[1]);
    }

    @Test
    void anOutputThatWouldOverwriteAnInputOrItselfIsRefused() throws Exception {
        Path out = dir.resolve("db.parquet");
        String[] r = run(new GenerateCommand(), "database", "--memory", "1GiB", "--duration", "1s",
                "--out", out.toString(), "--io-out", dir.resolve("./db.parquet").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("--io-out names the same file as --out"), r[2]);
        Path csv = Files.writeString(dir.resolve("epochs.csv"), "t_ns,vpn\n50000000,7\n");
        r = run(new ImportCommand(), "dirty-epochs", csv.toString(), "--out", csv.toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("is one of the inputs"), r[2]);
        assertEquals("t_ns,vpn\n50000000,7\n", Files.readString(csv));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "nothing written");
        }
    }

    @Test
    void generateDatabaseWritesMemoryAndIoTraces() {
        Path out = dir.resolve("db.parquet");
        String[] r = run(new GenerateCommand(), "database", "--memory", "2GiB", "--vcpus", "2", "--duration", "1s",
                "--seed", "5", "--out", out.toString(), "--param", "io-rate=2k/s");
        assertEquals("0", r[0], r[2]);
        try (MemoryTraceReader m = Traces.openMemory(out)) {
            assertEquals(2L << 30, m.manifest().memoryBytes());
            assertTrue(m.rowCount() > 25_000);
        }
        try (IoTraceReader io = Traces.openIo(dir.resolve("db.io.parquet"))) {
            assertEquals(2000, io.rowCount(), 2000 * 0.1);
        }
    }

    @Test
    void generateRejectsAnUnknownParameter() {
        String[] r = run(new GenerateCommand(), "uniform", "--out", dir.resolve("u.parquet").toString(),
                "--param", "speed=3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("speed"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }

    @Test
    void importMsrCambridgeCsv() throws Exception {
        Path in = dir.resolve("hm_0.csv");
        Files.writeString(in, "128166372003061629,hm,0,Read,3154152960,32768,1139\n"
                + "128166372013061629,hm,1,Write,4096,4096,100\n");
        Path out = dir.resolve("hm.parquet");
        String[] r = run(new ImportCommand(), "msr-cambridge", in.toString(), "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        try (IoTraceReader io = Traces.openIo(out)) {
            assertEquals(2, io.rowCount());
            assertEquals(2, io.manifest().ioQueues());
            assertEquals("msr-cambridge", io.manifest().provenance().get("importer"));
        }
    }

    @Test
    void importListNamesEveryFormat() {
        String[] r = run(new ImportCommand(), "--list");
        for (String f : new String[] {"dirty-epochs", "lackey", "fio-iolog", "msr-cambridge", "blkparse"}) {
            assertTrue(r[1].contains(f), f);
        }
    }

    @Test
    void recordRunsACommandAndWritesATrace() {
        Path out = dir.resolve("rec.parquet");
        String[] r = run(new RecordCommand(), "--epoch", "20ms", "--out", out.toString(), "--",
                "sh", "-c", "head -c 20000000 /dev/zero | sort > /dev/null");
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.exists(out.resolveSibling("rec.parquet.epochs.csv")));
        try (MemoryTraceReader m = Traces.openMemory(out)) {
            assertTrue(m.rowCount() > 0);
            assertEquals("record", m.manifest().provenance().get("importer"));
        }
    }

    @Test
    void malformedImportLineExitsTwoWithFileAndLine() throws Exception {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "t_ns,vpn\n1,2\n3,x\n");
        String[] r = run(new ImportCommand(), "dirty-epochs", in.toString(), "--out", dir.resolve("o.parquet").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("bad.csv") && r[2].contains("line 3"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(!Files.exists(dir.resolve("o.parquet")), "nothing written on bad input");
    }

    @Test
    void recordIntoAMissingDirectoryIsRefusedBeforeTheProgramRuns() throws Exception {
        Path marker = dir.resolve("the-program-ran");
        for (String[] outArgs : new String[][] {{"--out", dir.resolve("missing/rec.parquet").toString()},
            {"--out", dir.resolve("rec.parquet").toString(), "--epochs-csv", dir.resolve("nowhere/e.csv").toString()},
            {"--out", dir.toString()}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(outArgs));
            args.addAll(java.util.List.of("--", "sh", "-c", "touch " + marker));
            String[] r = run(new RecordCommand(), args.toArray(String[]::new));
            assertEquals("2", r[0], r[2]);
            assertEquals(1, r[2].lines().count(), r[2]);
            assertTrue(r[2].contains("does not exist") || r[2].contains("is a directory"), r[2]);
            assertTrue(Files.notExists(marker), "the program did not run: " + r[2]);
        }
    }

    @Test
    void recordThroughAShimThatExecsTheRealProgramIsBadInput() throws Exception {
        Path shim = dir.resolve("python");
        Files.writeString(shim, "#!/bin/sh\nexec /bin/true \"$@\"\n");
        assertTrue(shim.toFile().setExecutable(true));
        Path out = dir.resolve("shim.parquet");
        String[] r = run(new RecordCommand(), "--out", out.toString(), "--", shim.toString(), "-c", "pass");
        if (r[2].contains("no dirty-page tracking")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "the kernel refuses dirty tracking here: " + r[2]);
        }
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].contains("replaced itself with /bin/true (exec)") && r[2].contains("pyenv which python"), r[2]);
        assertTrue(Files.notExists(out) && Files.notExists(dir.resolve("shim.parquet.epochs.csv")), "nothing written");
    }
}
