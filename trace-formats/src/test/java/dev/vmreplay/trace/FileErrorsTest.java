package dev.vmreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmreplay.trace.parquet.ParquetErrors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileErrorsTest {
    @Test
    void fileSystemProblemsAreWordsWithTheFileNeverAClassName() {
        assertEquals("no such file: in.csv", FileErrors.describe(new NoSuchFileException("in.csv")));
        assertEquals("permission denied: /ro/x.arrow", FileErrors.describe(new AccessDeniedException("/ro/.x.arrow.k2j3h4.tmp")));
        assertEquals("/d/t.parquet: No space left on device",
                FileErrors.describe(new FileSystemException("/d/.t.parquet.zz9.tmp", null, "No space left on device")));
        assertEquals("/d/t.parquet: No space left on device",
                FileErrors.describe(new IOException("No space left on device"), Path.of("/d/t.parquet")));
    }

    @Test
    void libraryMessagesLoseTheirPackageNamesAndObjectHashes() {
        assertEquals("LocalInputFile is not readable",
                FileErrors.plain(new RuntimeException("org.apache.parquet.io.LocalInputFile@58134517 is not readable")));
        assertEquals("IndexOutOfBoundsException", FileErrors.plain(new IndexOutOfBoundsException()));
    }

    @Test
    void parquetFooterErrorsInOurWords() {
        assertEquals("too short to be a Parquet file (4 bytes)", ParquetErrors.describe(
                new RuntimeException("org.apache.parquet.io.LocalInputFile@235d29d6 is not a Parquet file (length is too low: 4)")));
        assertEquals("corrupt footer: its length points outside the file (cut short, or overwritten)",
                ParquetErrors.describe(new RuntimeException("footer is too large: 3029053930to be read")));
        assertEquals("not a Parquet file: no PAR1 mark at its end (cut short, or another format)", ParquetErrors.describe(
                new RuntimeException("x@1 is not a Parquet file. Expected magic number at tail, but found [0, 80, 65, 82]")));
    }

    @Test
    void ourTemporaryNamesAreMappedBackToTheTarget() {
        assertEquals("cannot write /a/b/t.parquet: x", AtomicOutput.publicNames("cannot write /a/b/.t.parquet.3k4j5h.tmp: x"));
        assertEquals("'out.csv' and .hidden.tmp", AtomicOutput.publicNames("'.out.csv.a1.tmp' and .hidden.tmp"));
    }
}
