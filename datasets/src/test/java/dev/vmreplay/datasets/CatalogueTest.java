package dev.vmreplay.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.IoTraceReader;
import dev.vmreplay.trace.MemoryTraceReader;
import dev.vmreplay.trace.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
    @TempDir
    Path dir;

    @Test
    void everyBundledDatasetExtractsAndOpensWithItsListedRows() {
        List<Catalogue.Entry> entries = Catalogue.entries();
        assertTrue(entries.size() >= 10, "entries " + entries.size());
        long bytes = 0;
        for (Catalogue.Entry e : entries) {
            List<Path> files = Catalogue.extract(e.name(), dir);
            assertEquals(e.ioFile() == null ? 1 : 2, files.size());
            for (Path f : files) {
                bytes += f.toFile().length();
            }
            if (e.kind().equals("io")) {
                try (IoTraceReader r = Traces.openIo(files.get(0))) {
                    assertEquals(e.rows(), r.rowCount(), e.name());
                    assertEquals("imported", r.manifest().provenance().get("source"), e.name());
                }
                continue;
            }
            try (MemoryTraceReader r = Traces.openMemory(files.get(0))) {
                assertEquals(e.rows(), r.rowCount(), e.name());
                Object source = r.manifest().provenance().get("source");
                assertEquals(e.source().startsWith("generated") ? "generated" : "imported", source, e.name());
                assertFalse(r.manifest().assumed());
            }
            if (e.ioFile() != null) {
                try (IoTraceReader r = Traces.openIo(files.get(1))) {
                    assertEquals(e.ioRows(), r.rowCount(), e.name());
                }
            }
        }
        assertTrue(bytes < 5L << 20, "catalogue stays a few MB, is " + bytes);
    }

    @Test
    void extractAllWritesEveryFile() throws java.io.IOException {
        List<Path> files = Catalogue.extractAll(dir);
        for (Path f : files) {
            assertTrue(Files.size(dir.resolve(f.getFileName())) > 0, f.toString());
        }
        assertEquals(Catalogue.entries().size() + 1, files.size(), "one IO companion (database-8g)");
    }

    @Test
    void extractingAgainLeavesIdenticalFilesUntouchedAndRestoresChangedOnes() throws java.io.IOException {
        List<Path> files = Catalogue.extractAll(dir);
        Path kept = files.get(0);
        Path changed = files.get(1);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(kept, old);
        byte[] original = Files.readAllBytes(changed);
        Files.write(changed, new byte[] {1, 2, 3});

        assertEquals(files, Catalogue.extractAll(dir));
        assertEquals(old, Files.getLastModifiedTime(kept), "a sweep over the directory keys its runs on this time");
        assertArrayEquals(original, Files.readAllBytes(changed));
        try (var listing = Files.list(dir)) {
            assertEquals(files.size(), listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void unknownNameIsRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogue.entry("nope"));
        assertTrue(e.getMessage().contains("sort-dirty-epochs"), e.getMessage());
    }
}
