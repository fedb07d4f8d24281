package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inputs with nothing in them, and binary garbage, are bad input: exit 2, one escaped line, nothing written. */
class EmptyInputTest {
    @TempDir
    Path dir;

    /** Format, and the header its input may start with ("" when it has none). */
    static Stream<Arguments> emptyInputs() {
        List<Arguments> out = new ArrayList<>();
        String[][] formats = {{"dirty-epochs", "t_ns,vpn\n"}, {"lackey", "==12== Lackey, an example Valgrind tool\n"},
            {"fio-iolog", "fio version 3 iolog\n"}, {"msr-cambridge", ""}, {"blkparse", ""}};
        for (String[] f : formats) {
            for (boolean gz : new boolean[] {false, true}) {
                out.add(Arguments.of(f[0], "", gz));
                if (!f[1].isEmpty()) {
                    out.add(Arguments.of(f[0], f[1], gz));
                }
            }
        }
        return out.stream();
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(bytes);
        }
        return b.toByteArray();
    }

    private void assertBadInputNothingWritten(CliRun run, Path input) throws Exception {
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains(input.toString()), "names the input: " + run);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(input), files.toList(), "nothing written next to the input");
        }
    }

    @ParameterizedTest(name = "{0} {1} gz={2}")
    @MethodSource("emptyInputs")
    void emptyOrHeaderOnlyImportInputIsBadInput(String format, String content, boolean gz) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path input = Files.write(dir.resolve("in.txt" + (gz ? ".gz" : "")), gz ? gzip(bytes) : bytes);
        CliRun run = CliRun.run("import", format, input.toString(), "--out", dir.resolve("out.parquet").toString());
        assertBadInputNothingWritten(run, input);
        assertTrue(run.err().contains("no rows"), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void binaryGarbageIsEchoedEscaped(String format) throws Exception {
        byte[] garbage = new byte[400];
        new SplittableRandom(15).nextBytes(garbage);
        garbage[0] = 0x1b; // ESC [ 2 J: clears a terminal if echoed raw
        garbage[1] = '[';
        garbage[2] = '2';
        garbage[3] = 'J';
        Path input = Files.write(dir.resolve("garbage.bin"), garbage);
        CliRun run = CliRun.run("import", format, input.toString(), "--out", dir.resolve("out.parquet").toString());
        assertBadInputNothingWritten(run, input);
        String line = run.errLines().get(0);
        assertFalse(line.chars().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFD), "escaped: " + line);
    }

    static Stream<String> formats() {
        return Stream.of("dirty-epochs", "lackey", "fio-iolog", "msr-cambridge", "blkparse");
    }

    @Test
    void zeroRowTraceIsBadInputForReplayAndSweep() throws Exception {
        Path trace = dir.resolve("empty.parquet");
        try (MemoryTraceWriter w = Traces.createMemory(trace, new VmManifest(64L << 20, 2, List.of(), List.of(), 0, 0,
                Map.of(), false))) {
            w.commit();
        }
        CliRun replay = CliRun.run("replay", trace.toString(), "--preset", "qemu-precopy", "--set", "trace.end=loop");
        assertEquals(2, replay.exitCode(), replay::toString);
        assertEquals(1, replay.errLines().size(), replay::toString);
        assertTrue(replay.err().contains(trace + ": the trace has no rows: nothing to replay"), replay::toString);

        Path grid = Files.writeString(dir.resolve("grid.yaml"), "traces: [empty.parquet]\npresets: [qemu-precopy]\n");
        CliRun sweep = CliRun.run("sweep", "--grid", grid.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, sweep.exitCode(), sweep::toString);
        assertTrue(sweep.err().contains("grid.yaml:1:10: ") && sweep.err().contains("the trace has no rows"), sweep::toString);
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
