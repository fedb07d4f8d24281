package dev.vmreplay.datasets.importer;

import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.units.Printable;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Lines of a text input, plain or gzip (detected by its magic bytes, whatever the name), numbered
 * from 1. Errors name the file and the current line.
 */
final class LineInput implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final BufferedReader reader;
    private long lineNumber;
    private String line;

    LineInput(Path file) {
        this.file = file;
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
        } catch (IOException e) {
            throw TraceFormatException.ofFile(file, "cannot read input: " + dev.vmreplay.trace.FileErrors.describe(e), e);
        }
    }

    /** The next line without its terminator, or null at the end. */
    String next() {
        try {
            line = reader.readLine();
        } catch (IOException e) {
            throw new TraceFormatException(file, -1, lineNumber + 1, null,
                    "cannot read past this line (truncated or corrupt gzip?): " + e.getMessage(), e);
        }
        if (line != null) {
            lineNumber++;
        }
        return line;
    }

    Path file() {
        return file;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** A malformed-input error at the current line; {@code row} holds the 1-based line number. */
    TraceFormatException error(String column, String rule) {
        String shown = line == null ? "" : line.length() > 120 ? line.substring(0, 120) + "..." : line;
        // The rule quotes fields of the same line: both are input, so both are escaped.
        return new TraceFormatException(file, -1, lineNumber, column, Printable.escape(rule) + " in line " + lineNumber
                + ": \"" + Printable.escape(shown) + "\"");
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw TraceFormatException.ofFile(file, "cannot close input: " + dev.vmreplay.trace.FileErrors.describe(e), e);
        }
    }
}
