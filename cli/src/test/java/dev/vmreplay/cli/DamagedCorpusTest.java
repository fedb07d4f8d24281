package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.LargePageRange;
import dev.vmreplay.trace.ManifestJson;
import dev.vmreplay.trace.MemoryBatch;
import dev.vmreplay.trace.MemoryTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded corpus of damaged files, built here (no committed binaries), run through every command
 * that reads them: each must exit 2 with exactly one line on stderr that speaks our words (no class
 * names, object hashes, library source dumps or our hidden temporary names, no control bytes) and
 * write nothing where its output would go.
 */
class DamagedCorpusTest {
    static final long SEED = 20_261_206L;

    @TempDir
    static Path corpusDir;

    /** Damaged file name -> its bytes (null: a directory; absent file: "missing"). */
    private static final Map<String, Path> CORPUS = new LinkedHashMap<>();

    /** What a message must never contain. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\b(java|javax|org|com|io|dev)\\.[a-z0-9_]+\\.[\\w.$]*[A-Z]\\w*)"  // a qualified class name
                    + "|(@[0-9a-f]{6,}\\b)"                                         // an identity hash
                    + "|(Source: )|(REDACTED)"                                      // Jackson's location dump
                    + "|(to be read)"                                               // parquet's footer wording
                    + "|(/\\.[^/\\s]+\\.[0-9a-z]+\\.tmp\\b)"                       // our hidden temporary files
                    + "|(Input length = )");

    @BeforeAll
    static void buildCorpus() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (String ext : List.of("parquet", "arrow")) {
            byte[] good = Files.readAllBytes(goodTrace(corpusDir.resolve("good." + ext)));
            add("empty." + ext, new byte[0]);
            add("magic-only." + ext, Arrays.copyOf(good, ext.equals("parquet") ? 4 : 8));
            add("half." + ext, Arrays.copyOf(good, good.length / 2));
            add("cut-footer." + ext, Arrays.copyOf(good, good.length - 3));
            add("cut-one-byte." + ext, Arrays.copyOf(good, good.length - 1));
            byte[] noise = new byte[good.length];
            rnd.nextBytes(noise);
            add("noise." + ext, noise);
            byte[] framed = noise.clone();
            System.arraycopy(good, 0, framed, 0, 8);
            System.arraycopy(good, good.length - 8, framed, framed.length - 8, 8);
            add("noise-in-valid-magic." + ext, framed);
            add("text." + ext, "t_ns,vpn\n1,2\n\u001b[31mred\u0007\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] parquet = Files.readAllBytes(corpusDir.resolve("good.parquet"));
        byte[] hugeFooter = parquet.clone();
        ByteBuffer.wrap(hugeFooter).order(ByteOrder.LITTLE_ENDIAN).putInt(hugeFooter.length - 8, 0x7A8B9C0D);
        add("footer-length-huge.parquet", hugeFooter);
        // Good trace, damaged sidecar manifests.
        for (String[] sidecar : new String[][] {{"sidecar-not-json", "{\"memory_bytes\": 67108864, vcpus"},
            {"sidecar-wrong-type", "{\"memory_bytes\": \"lots\", \"vcpus\": 2}"},
            {"sidecar-not-utf8", null}}) {
            Path trace = corpusDir.resolve(sidecar[0] + ".parquet");
            Files.write(trace, parquet);
            byte[] json = sidecar[1] == null ? new byte[] {'{', '\n', (byte) 0xE9, '}'}
                    : sidecar[1].getBytes(StandardCharsets.UTF_8);
            Files.write(ManifestJson.sidecarOf(trace), json);
            CORPUS.put(sidecar[0] + ".parquet", trace);
        }
        CORPUS.put("missing.parquet", corpusDir.resolve("missing.parquet"));
        CORPUS.put("directory.parquet", Files.createDirectory(corpusDir.resolve("directory.parquet")));
    }

    private static void add(String name, byte[] bytes) throws IOException {
        CORPUS.put(name, Files.write(corpusDir.resolve(name), bytes));
    }

    private static Path goodTrace(Path file) {
        long memory = 64L << 20;
        VmManifest manifest = new VmManifest(memory, 2, List.of(new LargePageRange(0, memory, LargePageRange.PAGE_2M)),
                List.of(), 0, 0, Map.of("generator", "DamagedCorpusTest"), false);
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (MemoryTraceWriter w = Traces.createMemory(file, manifest)) {
            MemoryBatch batch = new MemoryBatch();
            for (int i = 0; i < 5_000; i++) {
                batch.add(i * 100_000L, rnd.nextInt(2), rnd.nextInt(4096) * 4096L, 4096, MemoryBatch.OP_WRITE);
            }
            w.write(batch);
            w.commit();
        }
        return file;
    }

    /** A command over one damaged file: its arguments given the file and a fresh output directory. */
    private record Command(String name, java.util.function.BiFunction<Path, Path, String[]> args) {
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("inspect", (f, out) -> new String[] {"inspect", f.toString()}),
            new Command("replay", (f, out) -> new String[] {"replay", f.toString(), "--preset", "stop-and-copy"}),
            new Command("convert", (f, out) -> new String[] {"convert", f.toString(), out.resolve("x.arrow").toString()}),
            new Command("sweep", (f, out) -> new String[] {"sweep", "--grid", grid(f, out).toString(), "--out",
                out.resolve("sweep").toString(), "--threads", "1"}),
            new Command("plan", (f, out) -> new String[] {"plan", "--traces", f.toString(), "--link", "10Gbit/s",
                "--window", "10s", "--downtime-sla", "1s", "--presets", "stop-and-copy", "--out", out.resolve("plan").toString()}),
            new Command("report", (f, out) -> new String[] {"report", resultsDir(f, out).toString(), "--out",
                out.resolve("report.html").toString()}),
            new Command("import", (f, out) -> new String[] {"import", "dirty-epochs", f.toString(), "--out",
                out.resolve("x.parquet").toString()}));

    /** The grid sits outside the output directory; it names the damaged trace. */
    private static Path grid(Path trace, Path out) {
        try {
            Path grid = out.resolveSibling(out.getFileName() + "-grid.yaml");
            Files.writeString(grid, "traces: ['" + trace.toString().replace("'", "''") + "']\npresets: [stop-and-copy]\n");
            return grid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A results directory (outside the output directory) whose results.parquet is the damaged file. */
    private static Path resultsDir(Path damaged, Path out) {
        try {
            Path dir = Files.createDirectories(out.resolveSibling(out.getFileName() + "-results"));
            if (Files.isRegularFile(damaged)) {
                Files.copy(damaged, dir.resolve("results.parquet"));
                Files.copy(damaged, dir.resolve("passes.parquet"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        if (CORPUS.isEmpty()) {
            buildCorpus();
        }
        List<Arguments> out = new ArrayList<>();
        for (Command c : COMMANDS) {
            for (String file : CORPUS.keySet()) {
                out.add(Arguments.of(c.name(), file));
            }
        }
        return out.stream();
    }

    private static int caseNumber;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyCommandRefusesEveryDamagedFileInOneLineWritingNothing(String command, String file) throws IOException {
        Path damaged = CORPUS.get(file);
        Path out = corpusDir.resolve("out-" + (++caseNumber));
        Files.createDirectories(out);
        Command c = COMMANDS.stream().filter(x -> x.name().equals(command)).findFirst().orElseThrow();
        String[] args = c.args().apply(damaged, out);
        CliRun run = CliRun.run(args);
        String context = "seed " + SEED + ", " + String.join(" ", args) + "\n" + run;
        assertEquals(2, run.exitCode(), context);
        assertEquals(1, run.errLines().size(), context);
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("vmreplay: "), context);
        assertFalse(INTERNALS.matcher(line).find(), () -> "library internals in: " + context);
        assertFalse(line.chars().anyMatch(ch -> Character.isISOControl(ch) || ch == 0xFFFD), context);
        try (Stream<Path> written = Files.list(out)) {
            assertEquals(List.of(), written.toList(), "nothing written: " + context);
        }
    }

    @AfterAll
    static void clear() {
        CORPUS.clear();
    }
}
