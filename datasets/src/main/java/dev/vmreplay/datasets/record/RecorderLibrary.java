package dev.vmreplay.datasets.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Finds the recorder's shared library. The Maven build compiles {@code src/main/c/vmreplay_record.c}
 * with gcc into {@code target/native/} and copies it onto the classpath as {@value #RESOURCE}; from a
 * jar it is extracted to a temporary file. {@code -Dvmreplay.recorder.library=PATH} or
 * {@code VMREPLAY_RECORDER_LIBRARY} point elsewhere.
 */
public final class RecorderLibrary {
    static final String RESOURCE = "/dev/vmreplay/datasets/record/libvmreplay-record.so";

    private RecorderLibrary() {
    }

    /** Path of a loadable copy of the library; IllegalStateException when there is none. */
    public static Path locate() {
        String given = System.getProperty("vmreplay.recorder.library", System.getenv("VMREPLAY_RECORDER_LIBRARY"));
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given).toAbsolutePath();
            if (!Files.isReadable(p)) {
                throw new IllegalStateException("recorder library " + p + " (from vmreplay.recorder.library or "
                        + "VMREPLAY_RECORDER_LIBRARY) is not readable");
            }
            return p;
        }
        URL url = RecorderLibrary.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("recorder library " + RESOURCE + " is not on the classpath: build the "
                    + "datasets module with gcc installed (mvn -pl datasets -am package)");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).toAbsolutePath();
            }
            Path tmp = Files.createTempFile("libvmreplay-record", ".so",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the recorder library", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad recorder library URL " + url, e);
        }
    }
}
