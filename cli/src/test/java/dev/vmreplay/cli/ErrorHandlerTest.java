package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmreplay.trace.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ErrorHandlerTest {

    /** A subcommand that fails with a given exception, wired like a real one. */
    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        private final Exception failure;

        @Mixin
        private VerboseOption verbose;

        FailingCommand(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static CliRun runFailing(Exception failure, String... extraArgs) {
        CommandLine cl = VmreplayCommand.newCommandLine();
        cl.addSubcommand(new FailingCommand(failure));
        String[] args = new String[extraArgs.length + 1];
        args[0] = "fail";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        return CliRun.run(cl, args);
    }

    static Stream<Arguments> failures() {
        Path trace = Path.of("t.parquet");
        return Stream.of(
                Arguments.of(new TraceFormatException(trace, 2, 1234, "t_ns", "time goes backwards"), 2,
                        "vmreplay: t.parquet: row group 2, row 1234, column t_ns: time goes backwards"),
                Arguments.of(new IllegalArgumentException("link.bandwidth must be > 0, was -1"), 2,
                        "vmreplay: link.bandwidth must be > 0, was -1"),
                Arguments.of(new NoSuchFileException("a/b.parquet"), 2, "vmreplay: no such file: a/b.parquet"),
                Arguments.of(new AccessDeniedException("secret.parquet"), 2,
                        "vmreplay: permission denied: secret.parquet"),
                Arguments.of(new UncheckedIOException(new NoSuchFileException("x.vm.json")), 2,
                        "vmreplay: no such file: x.vm.json"),
                Arguments.of(new ExecutionException(new TraceFormatException(trace, -1, -1, null, "truncated")), 2,
                        "vmreplay: t.parquet: truncated"),
                Arguments.of(new IOException("disk full"), 2, "vmreplay: disk full"),
                Arguments.of(new UncheckedIOException("cannot write out/x.parquet: No space left on device",
                        new IOException("No space left on device")), 2,
                        "vmreplay: cannot write out/x.parquet: No space left on device"),
                Arguments.of(new java.nio.file.FileSystemException("out/.r.parquet.k3j2h1.tmp", null,
                        "No space left on device"), 2, "vmreplay: out/r.parquet: No space left on device"),
                Arguments.of(new AccessDeniedException("/ro/.x.arrow.1a2b3c.tmp"), 2, "vmreplay: permission denied: /ro/x.arrow"),
                Arguments.of(new IllegalArgumentException("bad \u001b[2J value\u0007"), 2, "vmreplay: bad \\x1B[2J value\\x07"),
                Arguments.of(new IllegalArgumentException("first line\nsecond line\r\n  third"), 2,
                        "vmreplay: first line second line third"),
                Arguments.of(new IllegalStateException("engine invariant broken"), 1,
                        "vmreplay: internal error: java.lang.IllegalStateException: engine invariant broken"
                                + " (run with --verbose for the stack trace)"),
                Arguments.of(new NullPointerException(), 1,
                        "vmreplay: internal error: java.lang.NullPointerException"
                                + " (run with --verbose for the stack trace)"),
                Arguments.of(new UnsupportedOperationException("not yet"), 1,
                        "vmreplay: internal error: java.lang.UnsupportedOperationException: not yet"
                                + " (run with --verbose for the stack trace)"));
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @MethodSource("failures")
    void failureBecomesOneLineOnStderrAndItsExitCode(Exception failure, int exitCode, String line) {
        CliRun r = runFailing(failure);
        assertEquals(exitCode, r.exitCode(), r.toString());
        assertEquals(line + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void verboseAddsTheStackTraceAfterTheLine() {
        CliRun r = runFailing(new IllegalArgumentException("bad key"), "--verbose");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.errLines().size() > 2, r.toString());
        assertEquals("vmreplay: bad key", r.errLines().get(0));
        assertTrue(r.errLines().get(1).startsWith("java.lang.IllegalArgumentException: bad key"), r.toString());
        assertTrue(r.errLines().get(2).startsWith("\tat "), r.toString());
    }

    @Test
    void verboseOnTheRootCommandAlsoCounts() {
        CommandLine cl = VmreplayCommand.newCommandLine();
        cl.addSubcommand(new FailingCommand(new IllegalStateException("boom")));
        CliRun r = CliRun.run(cl, "--verbose", "fail");
        assertEquals(ExitCodes.INTERNAL_ERROR, r.exitCode(), r.toString());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    /** Like {@link FailingCommand} but without the verbose mixin, as a command written elsewhere may be. */
    @Command(name = "fail-plain")
    static final class PlainFailingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalArgumentException("plain failure");
        }
    }

    @Test
    void verboseWorksAfterASubcommandThatDoesNotDeclareIt() {
        CommandLine cl = VmreplayCommand.newCommandLine();
        cl.addSubcommand(new PlainFailingCommand());
        VmreplayCommand.ensureVerboseOption(cl.getSubcommands().get("fail-plain").getCommandSpec());
        CliRun quiet = CliRun.run(cl, "fail-plain");
        assertEquals("vmreplay: plain failure\n", quiet.err());
        CliRun r = CliRun.run(cl, "fail-plain", "--verbose");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals("vmreplay: plain failure", r.errLines().get(0));
        assertTrue(r.errLines().get(2).startsWith("\tat "), r.toString());
    }

    @Test
    void everyRegisteredSubcommandAcceptsVerbose() {
        CommandLine cl = VmreplayCommand.newCommandLine();
        for (var e : cl.getSubcommands().entrySet()) {
            boolean help = e.getValue().getCommandSpec().userObject() instanceof CommandLine.HelpCommand;
            assertEquals(!help, e.getValue().getCommandSpec().findOption("--verbose") != null, e.getKey());
        }
    }

    @Test
    void outOfMemoryIsAnInternalErrorThatSaysHowToGiveMoreHeap() {
        java.io.StringWriter sw = new java.io.StringWriter();
        int code = ErrorHandler.report(new OutOfMemoryError("Java heap space"), new java.io.PrintWriter(sw), false);
        assertEquals(ExitCodes.INTERNAL_ERROR, code);
        assertTrue(sw.toString().contains("VMREPLAY_JAVA_OPTS"), sw.toString());
        assertEquals(1, sw.toString().split("\n").length, sw.toString());
    }
}
