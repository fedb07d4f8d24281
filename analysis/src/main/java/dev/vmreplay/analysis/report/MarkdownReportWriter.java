package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.Cell;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;
import dev.vmreplay.analysis.report.ReportDocument.Paragraph;
import dev.vmreplay.analysis.report.ReportDocument.Section;
import dev.vmreplay.analysis.report.ReportDocument.TableBlock;

import java.util.List;

/** GitHub-flavoured Markdown, charts referenced as PNG files in a folder beside the document. */
public final class MarkdownReportWriter {
    private MarkdownReportWriter() {
    }

    /**
     * @param chartDir folder name, relative to the Markdown file, where chart {@code <id>.png} files go
     */
    public static String render(ReportDocument doc, String chartDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(doc.title()).append("\n\n");
        for (Section s : doc.sections()) {
            sb.append("#".repeat(s.level())).append(' ').append(s.heading()).append("\n\n");
            for (Block b : s.blocks()) {
                if (b instanceof Paragraph p) {
                    sb.append(p.text()).append("\n\n");
                } else if (b instanceof TableBlock t) {
                    row(sb, t.headers());
                    sb.append('|');
                    for (int i = 0; i < t.headers().size(); i++) {
                        sb.append("---|");
                    }
                    sb.append('\n');
                    for (List<Cell> r : t.rows()) {
                        row(sb, r.stream().map(MarkdownReportWriter::cell).toList());
                    }
                    sb.append('\n');
                } else if (b instanceof ChartBlock c) {
                    sb.append("![").append(c.chart().title()).append("](").append(chartDir).append('/')
                            .append(c.chart().id()).append(".png)\n\n*").append(c.chart().caption()).append("*\n\n");
                }
            }
        }
        return sb.toString();
    }

    private static String cell(Cell c) {
        String text = c.ratio() == null ? c.text() : c.text() + " (" + c.ratio() + ")";
        return c.tone() == ReportDocument.Tone.BETTER ? "**" + text + "**" : text;
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }
}
