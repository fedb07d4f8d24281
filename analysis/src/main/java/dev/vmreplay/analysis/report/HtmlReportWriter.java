package dev.vmreplay.analysis.report;

import dev.vmreplay.analysis.report.ReportDocument.Block;
import dev.vmreplay.analysis.report.ReportDocument.Cell;
import dev.vmreplay.analysis.report.ReportDocument.ChartBlock;
import dev.vmreplay.analysis.report.ReportDocument.Paragraph;
import dev.vmreplay.analysis.report.ReportDocument.Section;
import dev.vmreplay.analysis.report.ReportDocument.TableBlock;

import java.util.Base64;
import java.util.List;

/**
 * One self-contained HTML file: inline CSS, charts as {@code data:image/png;base64} URIs, no
 * script, no link to anything outside the file, so it renders offline and makes no request.
 */
public final class HtmlReportWriter {
    private static final String CSS = """
            body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1400px;color:#222;padding:0 16px}
            h1{font-size:26px;border-bottom:2px solid #444;padding-bottom:6px}
            h2{font-size:20px;margin-top:32px;border-bottom:1px solid #bbb}
            table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}
            th{background:#eef1f5;text-align:left}
            td.number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.better{text-align:right;background:#dff3df;color:#145214;white-space:nowrap}
            td.worse{text-align:right;background:#f8dddd;color:#7a1414;white-space:nowrap}
            tr:nth-child(even) td.plain{background:#fafafa}
            .scroll{overflow-x:auto}
            span.ratio{font-size:11px;opacity:.85}
            figure{margin:12px 0 28px}
            figcaption{font-size:13px;color:#555;margin-top:4px}
            img{max-width:100%;border:1px solid #ddd}
            """;

    private HtmlReportWriter() {
    }

    public static String render(ReportDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(doc.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(doc.title())).append("</h1>\n");
        for (Section s : doc.sections()) {
            sb.append("<h").append(s.level()).append('>').append(esc(s.heading())).append("</h").append(s.level()).append(">\n");
            for (Block b : s.blocks()) {
                if (b instanceof Paragraph p) {
                    sb.append("<p>").append(esc(p.text())).append("</p>\n");
                } else if (b instanceof TableBlock t) {
                    table(sb, t);
                } else if (b instanceof ChartBlock c) {
                    sb.append("<figure id=\"").append(esc(c.chart().id())).append("\">\n<img alt=\"")
                            .append(esc(c.chart().title())).append("\" width=\"").append(ChartRenderer.WIDTH)
                            .append("\" height=\"").append(ChartRenderer.HEIGHT).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(c.chart().png())).append("\">\n<figcaption>")
                            .append(esc(c.chart().caption())).append("</figcaption>\n</figure>\n");
                }
            }
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, TableBlock t) {
        sb.append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String h : t.headers()) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : t.rows()) {
            sb.append("<tr>");
            for (Cell c : row) {
                sb.append("<td class=\"").append(c.tone().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                        .append(esc(c.text()));
                if (c.ratio() != null) {
                    sb.append("<br><span class=\"ratio\">").append(esc(c.ratio())).append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table></div>\n");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
