package dev.vmreplay.trace.parquet;

import dev.vmreplay.trace.FileErrors;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * parquet-mr's exceptions in our words. Its messages name its own objects
 * ({@code LocalInputFile@58134517 is not a Parquet file}), its Thrift classes and a garbled
 * {@code footer is too large: 3029053930to be read}; a user needs to hear what is wrong with the
 * file. Used wherever a Parquet file is opened or read (traces and results tables).
 */
public final class ParquetErrors {
    private static final Pattern TOO_SHORT = Pattern.compile("length is too low: (\\d+)");

    private ParquetErrors() {
    }

    /** What is wrong with a Parquet file, given what parquet-mr threw while opening or reading it. */
    public static String describe(Throwable e) {
        if (e instanceof IOException io && FileErrors.isFileSystemProblem(io)) {
            return FileErrors.describe(io);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher shortFile = TOO_SHORT.matcher(message);
        if (message.contains("is not a Parquet file") && shortFile.find()) {
            return "too short to be a Parquet file (" + shortFile.group(1) + " bytes)";
        }
        if (message.contains("Expected magic number at tail")) {
            return "not a Parquet file: no PAR1 mark at its end (cut short, or another format)";
        }
        if (message.contains("Expected magic number at head") || message.contains("is not a Parquet file")) {
            return "not a Parquet file (no PAR1 mark)";
        }
        if (message.contains("footer is too large") || message.contains("corrupted file: the footer index")) {
            return "corrupt footer: its length points outside the file (cut short, or overwritten)";
        }
        if (message.contains("FileMetaData") || message.contains("can not read class")) {
            return "corrupt footer: the file's metadata cannot be decoded";
        }
        return message.isBlank() ? "corrupt Parquet file" : "corrupt Parquet file: " + FileErrors.plain(e);
    }
}
