package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8TextTest {
    @TempDir
    Path dir;

    @Test
    void validTextHasNoBadByte() {
        assertEquals(Optional.empty(), Utf8Text.firstBadByte("grüße\nnaïve 日本".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void firstBadByteIsFoundByLineAndCharacterColumn() {
        byte[] ok = "a\nü-x".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(ok, ok.length + 1);
        bytes[ok.length] = (byte) 0xFF;
        assertEquals(new Utf8Text.BadByte(2, 4, 0xFF), Utf8Text.firstBadByte(bytes).orElseThrow());
    }

    @Test
    void truncatedSequenceAtTheEndIsABadByte() {
        assertEquals(new Utf8Text.BadByte(1, 2, 0xE6), Utf8Text.firstBadByte(new byte[] {'x', (byte) 0xE6, (byte) 0x97})
                .orElseThrow());
    }

    @Test
    void nonUtf8SidecarManifestNamesTheFileAndLine() throws Exception {
        Path trace = dir.resolve("t.parquet");
        Files.write(ManifestJson.sidecarOf(trace), new byte[] {'{', '\n', (byte) 0xC0, '}'});
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> ManifestJson.readSidecar(trace));
        assertTrue(e.getMessage().startsWith(ManifestJson.sidecarOf(trace) + ": manifest sidecar: line 2, column 1: byte 0xC0"
                + " is not UTF-8"), e.getMessage());
    }
}
