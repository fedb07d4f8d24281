package dev.vmreplay.analysis.report;

import java.util.List;

/**
 * A report as format-neutral blocks, rendered by {@link HtmlReportWriter} and
 * {@link MarkdownReportWriter}.
 *
 * @param title document title
 * @param sections in order
 */
public record ReportDocument(String title, List<Section> sections) {
    /** A heading with its blocks. {@code level} 2 or 3. */
    public record Section(int level, String heading, List<Block> blocks) {
    }

    /** Content of a section. */
    public sealed interface Block permits Paragraph, TableBlock, ChartBlock {
    }

    public record Paragraph(String text) implements Block {
    }

    /** A table; each cell has text and a tone (how it compares with the baseline). */
    public record TableBlock(List<String> headers, List<List<Cell>> rows) implements Block {
    }

    public record ChartBlock(Chart chart) implements Block {
    }

    /** Tone of a cell: BETTER and WORSE colour ratios in HTML. */
    public enum Tone { PLAIN, BETTER, WORSE, NUMBER }

    /**
     * A table cell: its text, an optional ratio to the baseline printed under it (null for none)
     * and its tone.
     */
    public record Cell(String text, String ratio, Tone tone) {
        public static Cell plain(String text) {
            return new Cell(text, null, Tone.PLAIN);
        }

        public static Cell number(String text) {
            return new Cell(text, null, Tone.NUMBER);
        }

        /** A value with its ratio to the baseline, toned by the ratio. */
        public static Cell valueWithRatio(String text, double ratio) {
            Cell r = ratio(ratio);
            return new Cell(text, r.text(), r.tone());
        }

        /** A ratio cell, toned BETTER below 0.98 and WORSE above 1.02 (all report metrics are lower-is-better). */
        public static Cell ratio(double ratio) {
            Tone tone = Tone.NUMBER;
            if (!Double.isNaN(ratio) && !Double.isInfinite(ratio)) {
                if (ratio < 0.98) {
                    tone = Tone.BETTER;
                } else if (ratio > 1.02) {
                    tone = Tone.WORSE;
                }
            }
            return new Cell(ReportMetric.formatRatio(ratio), null, tone);
        }
    }
}
