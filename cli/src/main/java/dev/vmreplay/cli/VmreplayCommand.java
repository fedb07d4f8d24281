package dev.vmreplay.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code vmreplay} root command. {@link #main} is the only place that calls {@code System.exit};
 * everything else returns exit codes ({@link ExitCodes}) so commands can be run in-process by tests.
 */
@Command(
        name = "vmreplay",
        mixinStandardHelpOptions = true,
        // subcommands inherit --help/--version and the layout settings, so every command has them
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Replay recorded guest traces against a model of source host, link and destination host,"
                + " run a live migration inside the replay, and compare migration techniques.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  internal error (a bug; rerun with --verbose and report the stack trace)",
            "  2  bad input or configuration (one line on stderr says what and where)"
        })
public final class VmreplayCommand implements Callable<Integer> {

    /**
     * Every subcommand, in the order {@code --help} lists them (DESIGN.md section 6 order: demo,
     * generate, import, record, inspect, convert, replay, sweep, report, plan, presets). Adding a
     * command is one line here.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            DemoCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            RecordCommand.class,
            InspectCommand.class,
            ConvertCommand.class,
            ReplayCommand.class,
            SweepCommand.class,
            ReportCommand.class,
            PlanCommand.class,
            PresetsCommand.class,
            ConvergeCommand.class,
            CommandLine.HelpCommand.class);

    @Mixin
    private VerboseOption verbose;

    @Spec
    private CommandSpec spec;

    /** A fully wired command line: subcommands, error handling, case-insensitive enum values. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new VmreplayCommand());
        for (Class<?> subcommand : SUBCOMMANDS) {
            cl.addSubcommand(subcommand);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            ensureVerboseOption(sub.getCommandSpec());
        }
        ErrorHandler errors = new ErrorHandler();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        // after adding subcommands: these setters apply to the subcommands present
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Gives a command that does not include {@link VerboseOption} the mixin, so {@code --verbose} works
     * after every subcommand name (the error handler finds it by name).
     */
    static void ensureVerboseOption(CommandSpec command) {
        if (command.userObject() instanceof CommandLine.HelpCommand || command.findOption(VerboseOption.NAME) != null) {
            return;
        }
        command.addMixin("verbose", CommandSpec.forAnnotatedObject(new VerboseOption()));
    }

    /** No subcommand: print the usage (to stdout, like --help) so a first run shows what to do. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        spec.commandLine().usage(out);
        out.flush();
        return ExitCodes.OK;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line as {@link #main} does (UTF-8 output, one line on stderr for a failure)
     * and returns the exit code instead of exiting: for launchers that must return from their
     * {@code main} on success, such as module spark's {@code SubmitMain} under spark-submit.
     */
    public static int execute(String[] args) {
        useUtf8Output();
        int code;
        try {
            CommandLine cl = newCommandLine();
            // picocli encodes with the locale's charset unless given writers of its own
            cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
            code = cl.execute(args);
        } catch (Throwable t) {
            // Errors (OutOfMemoryError, StackOverflowError) pass through picocli's handlers
            PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            code = ErrorHandler.report(t, err, List.of(args).contains(VerboseOption.NAME));
        }
        System.out.flush();
        return code;
    }

    /**
     * Output is UTF-8 whatever the locale: tables and reports print {@code µs}, {@code ×} and
     * {@code —}, which Java 17 would turn into {@code ?} under a C/POSIX locale. Standard output is
     * buffered (flushed before exit), standard error flushes each line.
     */
    private static void useUtf8Output() {
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }
}
