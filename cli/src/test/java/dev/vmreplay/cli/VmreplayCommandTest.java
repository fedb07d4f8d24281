package dev.vmreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VmreplayCommandTest {

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        CliRun r = CliRun.run("--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        for (Class<?> c : VmreplayCommand.SUBCOMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(r.out().contains("  " + name + " "), name + " missing from\n" + r.out());
        }
        assertTrue(r.out().contains("2  bad input or configuration"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void noSubcommandPrintsTheUsageAndSucceeds() {
        CliRun r = CliRun.run();
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Usage: vmreplay"), r.out());
    }

    @Test
    void versionNamesTheProjectVersionFromTheBuild() {
        CliRun r = CliRun.run("--version");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().matches("(?s)vmreplay \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "convert"})
    void everySubcommandHasHelp(String command) {
        CliRun r = CliRun.run(command, "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Usage: vmreplay " + command), r.out());
    }

    @Test
    void misspelledSubcommandIsOneLineWithASuggestionAndExit2() {
        CliRun r = CliRun.run("inpsect", "x.parquet");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("vmreplay: ") && r.err().contains("did you mean inspect"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownOptionIsOneLineAndExit2() {
        CliRun r = CliRun.run("inspect", "--colour", "x.parquet");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("--colour"), r.err());
    }

    @Test
    void missingFileArgumentIsOneLineAndExit2() {
        CliRun r = CliRun.run("inspect");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("FILE"), r.err());
    }

    @Test
    void nonexistentTraceIsNamedOnOneLineAndExit2(@TempDir Path dir) {
        Path missing = dir.resolve("missing.parquet");
        CliRun r = CliRun.run("inspect", missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals("vmreplay: no such file: " + missing + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void directoryInsteadOfATraceIsExit2(@TempDir Path dir) {
        CliRun r = CliRun.run("inspect", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("is a directory"), r.err());
    }

    @Test
    void oneMissingFileAmongSeveralFailsBeforeAnyOutput(@TempDir Path dir) throws Exception {
        Path present = Files.writeString(dir.resolve("present.parquet"), "x");
        CliRun r = CliRun.run("inspect", present.toString(), dir.resolve("absent.parquet").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.err().contains("absent.parquet"), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3XB", "lots", "-1GiB", "1.5B", "99999999999TiB"})
    void badMemorySizeIsOneLineNamingTheOptionAndExit2(String size) {
        CliRun r = CliRun.run("inspect", "--memory", size, "x.parquet");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("--memory"), r.err());
    }

    @Test
    void badOutputFormatListsTheChoicesAndExit2() {
        CliRun r = CliRun.run("inspect", "--format", "xml", "x.parquet");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("table") && r.err().contains("json"), r.err());
    }

    @Test
    void convertRefusesToReplaceAnExistingFileWithoutForce(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.parquet"), "x");
        Path out = Files.writeString(dir.resolve("out.arrow"), "keep me");
        CliRun r = CliRun.run("convert", in.toString(), out.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("keep me", Files.readString(out));
    }

    @Test
    void convertRefusesToOverwriteItsInput(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.parquet"), "x");
        CliRun r = CliRun.run("convert", "--force", in.toString(), in.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.err().contains("same file"), r.err());
        assertEquals("x", Files.readString(in));
    }
}
