package dev.vmreplay.cli;

import dev.vmreplay.trace.AtomicOutput;
import dev.vmreplay.trace.FileErrors;
import dev.vmreplay.trace.TraceFormatException;
import dev.vmreplay.units.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into an exit code and exactly one line on stderr, {@code vmreplay: <message>}
 * (DESIGN.md section 6). Bad input or configuration (exit 2): {@link TraceFormatException},
 * {@link IllegalArgumentException}, picocli's {@link ParameterException}, and file problems
 * ({@link IOException}, also wrapped in {@link UncheckedIOException}). Anything else is an internal
 * error (exit 1). With {@code --verbose} the stack trace follows the line.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PREFIX = "vmreplay: ";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        StringBuilder line = new StringBuilder(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append("; see '").append(cl.getCommandSpec().qualifiedName()).append(" --help'");
        err.println(PREFIX + line);
        if (Arrays.asList(args).contains(VerboseOption.NAME)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        return report(ex, cl.getErr(), verboseRequested(parseResult));
    }

    /** Reports {@code t} on {@code err} and returns the exit code. */
    static int report(Throwable t, PrintWriter err, boolean verbose) {
        Throwable badInput = badInputCause(t);
        int code;
        if (badInput != null) {
            err.println(PREFIX + oneLine(describe(badInput)));
            code = ExitCodes.BAD_INPUT;
        } else {
            String hint = verbose ? "" : " (run with --verbose for the stack trace)";
            if (t instanceof OutOfMemoryError) {
                hint = " (give the JVM more heap, for example VMREPLAY_JAVA_OPTS=-Xmx8g)";
            }
            err.println(PREFIX + "internal error: " + oneLine(t.toString()) + hint);
            code = ExitCodes.INTERNAL_ERROR;
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The first throwable in the cause chain that is bad input, or null. */
    static Throwable badInputCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TraceFormatException || c instanceof IllegalArgumentException
                    || c instanceof ParameterException || c instanceof IOException) {
                return c;
            }
            if (c instanceof UncheckedIOException) {
                // Our wrappers say which file ("cannot write x.parquet: ..."); the IOException inside
                // often does not ("No space left on device").
                return c.getCause() != null && c.getMessage().equals(c.getCause().toString()) ? c.getCause() : c;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        if (t instanceof IOException io) {
            return FileErrors.describe(io);
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            // "cannot write x: " + a cause that may be a bare class name and path
            return u.getMessage().replace(u.getCause().toString(), FileErrors.describe(u.getCause()));
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    static boolean verboseRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VerboseOption.NAME)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Collapses line breaks so a message can never spill onto a second line, and escapes what is
     * left that a terminal would act on (a net under the messages that quote input, which escape it
     * themselves with {@link Printable#escape}).
     */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        // A temporary file is ours, not the user's: name the file they asked for.
        return Printable.escape(AtomicOutput.publicNames(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ")));
    }
}
