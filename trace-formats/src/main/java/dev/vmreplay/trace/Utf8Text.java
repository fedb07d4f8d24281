package dev.vmreplay.trace;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text files we read whole (grids, manifests) must be UTF-8; this finds where one is not, so the
 * error names the line and column of the first bad byte instead of the JDK's "Input length = 1".
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * The first byte that is not part of valid UTF-8.
     *
     * @param line 1-based line
     * @param column 1-based column, counted in characters
     * @param value the byte, 0..255
     */
    public record BadByte(long line, long column, int value) {
        /** "line 3, column 7: byte 0xE9 is not UTF-8". */
        public String describe() {
            return "line " + line + ", column " + column + ": byte 0x" + String.format("%02X", value)
                    + " is not UTF-8 (save the file as UTF-8)";
        }
    }

    /** Decodes {@code bytes} as UTF-8, or throws naming where it is not. */
    public static String decode(byte[] bytes, java.util.function.Function<BadByte, RuntimeException> error) {
        Optional<BadByte> bad = firstBadByte(bytes);
        if (bad.isPresent()) {
            throw error.apply(bad.get());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Where {@code bytes} first stop being UTF-8, or empty when they are UTF-8 throughout. */
    public static Optional<BadByte> firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return Optional.of(at(bytes, in.position()));
            }
            if (r.isUnderflow()) {
                r = decoder.flush(out);
                if (r.isError()) {
                    return Optional.of(at(bytes, in.position()));
                }
                return Optional.empty();
            }
            out.clear(); // overflow: the characters themselves are not needed
        }
    }

    private static BadByte at(byte[] bytes, int offset) {
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new BadByte(line, before.codePointCount(0, before.length()) + 1L, bytes[offset] & 0xff);
    }
}
