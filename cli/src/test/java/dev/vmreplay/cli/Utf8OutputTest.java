package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.IoBatch;
import dev.vmreplay.trace.IoTraceWriter;
import dev.vmreplay.trace.Traces;
import dev.vmreplay.trace.VmManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point, in a JVM of its own under a C locale: output is still UTF-8, so {@code µs}
 * arrives as itself and not as {@code ?} (Java 17 encodes standard output with the locale's charset).
 */
class Utf8OutputTest {
    @TempDir
    Path dir;

    @Test
    void tablesAreUtf8UnderACLocale() throws Exception {
        Path trace = dir.resolve("disk.parquet");
        try (IoTraceWriter w = Traces.createIo(trace, new VmManifest(1 << 20, 1, List.of(), List.of(), 1, 8, Map.of(), false))) {
            IoBatch rows = new IoBatch(4);
            rows.add(0, 0, 1, IoBatch.OP_READ, 0, 4096, 1_500);
            rows.add(1_000, 0, 2, IoBatch.OP_READ, 4096, 4096, 1_500);
            w.write(rows);
            w.commit();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                VmreplayCommand.class.getName(), "inspect", trace.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "inspect did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, p.exitValue(), () -> text + err);
        assertTrue(text.contains("p50 1.5 µs"), text);
    }
}
