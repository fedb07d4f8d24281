package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;
import dev.vmreplay.trace.FileErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a report as {@code NAME.html} (self-contained), {@code NAME.md} and the Markdown's
 * charts as {@code NAME-charts/<id>.png}, all beside each other.
 *
 * <p>All of it is first written into a hidden staging directory beside the report and only then
 * renamed into place, so a failure half way (a full disk) leaves neither a half chart directory nor
 * a page pointing at charts that are not there; the error names the file that could not be written.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** What was written. */
    public record Written(Path html, Path markdown, Path chartDir) {
    }

    public static Written write(ReportDocument doc, Path htmlFile) {
        Path abs = htmlFile.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        String stem = name.endsWith(".html") ? name.substring(0, name.length() - 5)
                : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        Path dir = abs.getParent();
        String chartDirName = stem + "-charts";
        Path chartDir = dir.resolve(chartDirName);
        Path md = dir.resolve(stem + ".md");

        // Everything is rendered before anything is written.
        Map<String, byte[]> charts = new LinkedHashMap<>();
        for (ReportDocument.Section s : doc.sections()) {
            for (Block b : s.blocks()) {
                if (b instanceof ChartBlock c) {
                    charts.put(c.chart().id() + ".png", c.chart().png());
                }
            }
        }
        byte[] markdown = MarkdownReportWriter.render(doc, chartDirName).getBytes(StandardCharsets.UTF_8);
        byte[] html = HtmlReportWriter.render(doc).getBytes(StandardCharsets.UTF_8);

        Path staging = null;
        try {
            try {
                Files.createDirectories(dir);
                staging = dir.resolve("." + stem + "-report." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                        + ".tmp");
                dev.vmreplay.trace.AtomicOutput.deleteOnInterrupt(staging);
                Files.createDirectory(staging);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + abs + ": " + FileErrors.describe(e, abs), e);
            }
            Path stagedCharts = staging.resolve("charts");
            stage(stagedCharts, null, chartDir);
            for (Map.Entry<String, byte[]> c : charts.entrySet()) {
                stage(stagedCharts.resolve(c.getKey()), c.getValue(), chartDir.resolve(c.getKey()));
            }
            stage(staging.resolve("page.md"), markdown, md);
            stage(staging.resolve("page.html"), html, abs);
            try {
                if (Files.exists(chartDir)) {
                    move(chartDir, staging.resolve("old-charts"));
                }
                move(stagedCharts, chartDir);
                move(staging.resolve("page.md"), md);
                move(staging.resolve("page.html"), abs);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + abs + ": " + FileErrors.describe(e, abs), e);
            }
            return new Written(abs, md, chartDir);
        } finally {
            deleteQuietly(staging);
            if (staging != null) {
                dev.vmreplay.trace.AtomicOutput.forget(staging);
            }
        }
    }

    /** Writes {@code bytes} to {@code staged} (a directory when null); errors name {@code finalPath}. */
    private static void stage(Path staged, byte[] bytes, Path finalPath) {
        try {
            if (bytes == null) {
                Files.createDirectory(staged);
            } else {
                Files.write(staged, bytes);
            }
        } catch (IOException e) {
            String problem = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : FileErrors.describe(e);
            if (problem.contains(staged.toString())) {
                problem = problem.replace(staged.toString(), finalPath.toString());
            }
            throw new UncheckedIOException("cannot write " + finalPath + ": " + problem, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the report is in place or the error is already on its way
        }
    }
}
