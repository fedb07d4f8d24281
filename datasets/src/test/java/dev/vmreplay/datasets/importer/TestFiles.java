package dev.vmreplay.datasets.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmreplay.datasets.output.CollectingOutputs;
import dev.vmreplay.trace.TraceFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Crafted inputs and the real samples of ../shared/samples for importer tests. */
final class TestFiles {
    static final Path OUT = Path.of("out.parquet");

    private TestFiles() {
    }

    /** The samples directory: $VMREPLAY_SAMPLES, else ../shared/samples from the repository root. */
    static Path sample(String name) {
        String env = System.getenv("VMREPLAY_SAMPLES");
        Path dir = env != null ? Path.of(env)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/samples").normalize();
        Path file = dir.resolve(name);
        assumeTrue(Files.isReadable(file), "sample " + file + " absent: set VMREPLAY_SAMPLES or check out ../shared/samples");
        return file;
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeGzip(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CollectingOutputs run(String format, ImportOptions options, Path... inputs) {
        CollectingOutputs out = new CollectingOutputs();
        Importers.byName(format).run(List.of(inputs), options, out, OUT);
        return out;
    }

    /** Asserts the import fails on {@code line} of {@code file}, the message naming both and {@code fragment}. */
    static TraceFormatException assertRejectedAtLine(String format, ImportOptions options, Path file, long line,
                                                    String fragment, Path... inputs) {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> run(format, options, inputs.length == 0 ? new Path[] {file} : inputs));
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.row(), e.getMessage());
        assertTrue(e.getMessage().contains("line " + line), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }
}
