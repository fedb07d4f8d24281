package dev.vmreplay.analysis.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.vmreplay.trace.AtomicOutput;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content
 * goes to a temporary file in the same directory, which is then renamed over the target. A
 * crash or an exception half way leaves the target untouched and no temporary file behind
 * ({@link AtomicOutput} does the renaming).
 */
public final class AtomicFiles {
    /** Writes the content of one file to the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Writer writer) {
        try (AtomicOutput out = AtomicOutput.create(target)) {
            // Some writers (parquet) refuse to overwrite, so hand them a path that does not exist.
            Files.delete(out.temporary());
            writer.writeTo(out.temporary());
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, tmp -> Files.write(tmp, bytes));
    }
}
