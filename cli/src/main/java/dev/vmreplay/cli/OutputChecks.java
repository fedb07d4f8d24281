package dev.vmreplay.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of where a command will write, made before it does any work (a recording cannot be redone). */
final class OutputChecks {
    private OutputChecks() {
    }

    /**
     * {@code file} can be created: its directory exists and is a writable directory, and the file is
     * not itself a directory.
     *
     * @throws IllegalArgumentException naming the option and the path
     */
    static void requireWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; name a file to write");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist") + "; create it first or name another");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + dir + " is not writable");
        }
    }
}
