package dev.vmreplay.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A file written under a temporary name in the target's directory and renamed onto the target by
 * {@link #commit()}, so readers never see a half-written trace and a failed write leaves nothing.
 *
 * <p>Nothing is left behind on interrupt either: temporaries not yet committed or closed are
 * deleted by a shutdown hook (Ctrl-C, SIGTERM), and temporaries of the same target left by a killed
 * process (SIGKILL, power loss) and untouched for {@link #STALE_AFTER} are removed when the target
 * is written again. The temporary's name, {@code .NAME.<random>.tmp}, is never shown to a user:
 * {@link #publicNames} puts NAME back into messages that mention it.
 */
public final class AtomicOutput implements AutoCloseable {
    /** A temporary of ours not written for this long belongs to a process that is gone. */
    static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final Pattern TEMPORARY =
            Pattern.compile("(?<![^/\\\\\\s'\"(:=])\\.([^/\\\\\\s'\"]+)\\.[0-9a-z]{1,13}\\.tmp(?![\\w.])");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(AtomicOutput::deleteLive, "vmreplay-delete-temporaries");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down: nothing new will be written
        }
    }

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
            removeStaleTemporaries(absolute);
            while (true) {
                Path tmp = dir.resolve("." + absolute.getFileName() + "."
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    LIVE.add(tmp);
                    Files.createFile(tmp);
                    return new AtomicOutput(absolute, tmp);
                } catch (FileAlreadyExistsException taken) {
                    LIVE.remove(tmp); // another writer drew the same name: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + FileErrors.describe(e, target), e);
        }
    }

    /**
     * {@code text} with every temporary name of ours ({@code .NAME.<random>.tmp}) replaced by NAME,
     * the file the user asked for.
     */
    public static String publicNames(String text) {
        if (text == null || !text.contains(".tmp")) {
            return text;
        }
        Matcher m = TEMPORARY.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }

    /** True for a name this class gives temporaries of {@code target}. */
    static boolean isTemporaryOf(Path candidate, Path target) {
        String name = candidate.getFileName().toString();
        String prefix = "." + target.getFileName() + ".";
        return name.startsWith(prefix) && name.endsWith(".tmp")
                && name.substring(prefix.length(), name.length() - 4).matches("[0-9a-z]{1,13}");
    }

    private static void removeStaleTemporaries(Path target) {
        Instant before = Instant.now().minus(STALE_AFTER);
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            List<Path> stale = siblings.filter(p -> isTemporaryOf(p, target)).toList();
            for (Path p : stale) {
                FileTime modified = Files.getLastModifiedTime(p);
                if (modified.toInstant().isBefore(before) && !LIVE.contains(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // Best effort: a leftover from another run must not stop this one.
        }
    }

    /**
     * Deletes {@code temporary} (a file, or a staging directory with what is in it) if the JVM is
     * interrupted before {@link #forget} is called: for temporaries made without this class, such as
     * a report's staging directory.
     */
    public static void deleteOnInterrupt(Path temporary) {
        LIVE.add(temporary);
    }

    /** {@code temporary} was renamed into place or deleted: nothing to do for it on interrupt. */
    public static void forget(Path temporary) {
        LIVE.remove(temporary);
    }

    private static void deleteLive() {
        for (Path p : LIVE) {
            try {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> all = Files.walk(p)) {
                        for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(q);
                        }
                    }
                } else {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | RuntimeException e) {
                // the JVM is going down; nothing better to do
            }
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
            throw new UncheckedIOException("cannot write " + target + ": " + FileErrors.describe(e, target), e);
        }
        LIVE.remove(temporary);
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
            LIVE.remove(temporary);
        }
    }
}
