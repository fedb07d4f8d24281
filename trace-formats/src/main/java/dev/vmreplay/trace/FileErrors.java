package dev.vmreplay.trace;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An I/O failure in words, with the file it concerns: "no such file: x.csv", "x.csv: No space left
 * on device", never {@code java.nio.file.NoSuchFileException: x.csv}. Shared by the CLI's error
 * handler and every reader and writer that wraps an {@link IOException} into its own message.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /** True for exceptions about the file system (missing file, permissions, full disk) rather than content. */
    public static boolean isFileSystemProblem(IOException e) {
        return e instanceof FileSystemException || e instanceof FileNotFoundException
                || (e.getMessage() != null && (e.getMessage().contains("No space left") || e.getMessage().contains("Is a directory")
                || e.getMessage().contains("Read-only file system") || e.getMessage().contains("Permission denied")));
    }

    /** The problem with the file it names (the path as the exception holds it). */
    public static String describe(IOException e) {
        return describe(e, null);
    }

    /**
     * As {@link #describe(IOException)}, naming {@code file} where the exception does not say which
     * file it is about (a plain {@code IOException("No space left on device")} from a write).
     */
    public static String describe(IOException e, java.nio.file.Path file) {
        if (e instanceof FileSystemException f) {
            String name = AtomicOutput.publicNames(f.getFile() != null ? f.getFile() : String.valueOf(file));
            if (f.getReason() != null && !(f instanceof NoSuchFileException) && !(f instanceof AccessDeniedException)) {
                return name + ": " + f.getReason();
            }
            String problem;
            if (f instanceof NoSuchFileException) {
                problem = "no such file";
            } else if (f instanceof AccessDeniedException) {
                problem = "permission denied";
            } else if (f instanceof FileAlreadyExistsException) {
                problem = "file already exists";
            } else if (f instanceof NotDirectoryException) {
                problem = "not a directory";
            } else if (f instanceof DirectoryNotEmptyException) {
                problem = "directory not empty";
            } else {
                return AtomicOutput.publicNames(f.getMessage());
            }
            return problem + ": " + name;
        }
        if (e instanceof FileNotFoundException) {
            return "cannot open: " + AtomicOutput.publicNames(e.getMessage());
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : e.getMessage();
        message = AtomicOutput.publicNames(message);
        return file == null || message.contains(file.toString()) ? message : file + ": " + message;
    }

    private static final java.util.regex.Pattern QUALIFIED =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*)(?:@[0-9a-f]+)?");
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("@[0-9a-f]{4,}\\b");

    /**
     * A library's exception as text a user can read: I/O problems as {@link #describe(IOException)},
     * anything else its message with package names and object hashes taken out
     * ({@code java.lang.IndexOutOfBoundsException: Index 9 out of bounds} becomes
     * {@code IndexOutOfBoundsException: Index 9 out of bounds}).
     */
    public static String plain(Throwable e) {
        if (e instanceof IOException io && isFileSystemProblem(io)) {
            return describe(io);
        }
        String text = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return HASH.matcher(QUALIFIED.matcher(text).replaceAll("$1")).replaceAll("");
    }
}
