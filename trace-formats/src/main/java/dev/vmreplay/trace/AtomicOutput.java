package dev.vmreplay.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a temporary name in the target's directory and renamed onto the target by
 * {@link #commit()}, so readers never see a half-written trace and a failed write leaves nothing.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private boolean committed;
    private boolean closed;

    private AtomicOutput(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
    }

    /**
     * Creates the (empty) temporary file next to {@code target}. It is created like any new file, so
     * its permissions follow the user's umask (a {@code createTempFile} would make it owner-only, and
     * the rename would carry that onto the trace).
     */
    public static AtomicOutput create(Path target) {
        Path absolute = target.toAbsolutePath();
        try {
            if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) {
                absolute = absolute.toRealPath(); // write the file the link names, keep the link
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + target + ": " + e.getMessage(), e);
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            // a rename would replace a device, a pipe or a directory with a regular file
            throw new IllegalArgumentException(target + " exists and is not a regular file; name a file to write");
        }
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
            while (true) {
                Path tmp = dir.resolve("." + absolute.getFileName() + "."
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    Files.createFile(tmp);
                    return new AtomicOutput(absolute, tmp);
                } catch (FileAlreadyExistsException taken) {
                    // another writer drew the same name: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file next to " + target + ": " + e.getMessage(), e);
        }
    }

    public Path target() {
        return target;
    }

    /** Where the bytes go until commit. */
    public Path temporary() {
        return temporary;
    }

    /** Renames the temporary file onto the target (replacing it). */
    public void commit() {
        if (committed) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("already closed without commit: " + target);
        }
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temporary + " to " + target + ": " + e.getMessage(), e);
        }
        committed = true;
    }

    public boolean committed() {
        return committed;
    }

    /** Deletes the temporary file unless committed. Never throws. */
    @Override
    public void close() {
        closed = true;
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Best effort: the original failure matters more than a leftover temporary file.
            }
        }
    }
}
