package dev.vmreplay.analysis.report;

/**
 * A rendered chart.
 *
 * @param id file-name-safe identifier, unique in a report
 * @param title heading above the chart
 * @param caption one sentence saying what is plotted and at which sweep point
 * @param png the chart as PNG
 */
public record Chart(String id, String title, String caption, byte[] png) {
}
