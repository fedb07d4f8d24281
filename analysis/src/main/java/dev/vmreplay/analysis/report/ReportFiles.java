package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.results.AtomicFiles;
import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a report as {@code NAME.html} (self-contained), {@code NAME.md} and the Markdown's
 * charts as {@code NAME-charts/<id>.png}, all beside each other.
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
        for (ReportDocument.Section s : doc.sections()) {
            for (Block b : s.blocks()) {
                if (b instanceof ChartBlock c) {
                    AtomicFiles.writeBytes(chartDir.resolve(c.chart().id() + ".png"), c.chart().png());
                }
            }
        }
        Path md = dir.resolve(stem + ".md");
        AtomicFiles.writeBytes(md, MarkdownReportWriter.render(doc, chartDirName).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(abs, HtmlReportWriter.render(doc).getBytes(StandardCharsets.UTF_8));
        return new Written(abs, md, chartDir);
    }
}
