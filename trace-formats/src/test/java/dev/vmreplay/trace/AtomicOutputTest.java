package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A committed trace is an ordinary file: its permissions are those of any new file the user creates. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "arrow"})
    void committedTraceHasTheUsersDefaultPermissions(String ext) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path trace = dir.resolve("t." + ext);
        try (MemoryTraceWriter w = Traces.createMemory(trace, TraceFixtures.manifest(1))) {
            w.write(TraceFixtures.memoryRows(1, 100));
            w.commit();
        }
        assertTrue(Files.exists(trace));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(trace)));
    }

    @org.junit.jupiter.api.Test
    void aTargetThatIsNotARegularFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub.parquet"));
        for (Path target : new Path[] {sub, Path.of("/dev/null")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicOutput.create(target));
            assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
        }
        assertTrue(Files.isDirectory(sub));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left");
        }
    }

    @org.junit.jupiter.api.Test
    void aSymbolicLinkKeepsPointingAtTheFileWritten() throws Exception {
        Path real = Files.writeString(dir.resolve("real.parquet"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.parquet"), real);
        try (MemoryTraceWriter w = Traces.createMemory(link, TraceFixtures.manifest(1))) {
            w.write(TraceFixtures.memoryRows(1, 100));
            w.commit();
        }
        assertTrue(Files.isSymbolicLink(link));
        try (MemoryTraceReader r = Traces.openMemory(real)) {
            assertEquals(100, r.rowCount());
        }
    }
}
