package io.dockmedic.report;

import io.dockmedic.core.issue.Issue;
import java.util.List;

/**
 * The issues as a short plain-text table (severity, container, occurrences, issue) that fits a
 * terminal of the given width: the issue column takes what is left and long text ends in "...".
 */
public final class IssueTable {

    private static final int MAX_CONTAINER = 32;
    private static final int MIN_ISSUE = 20;
    private static final String GAP = "  ";

    private IssueTable() {
    }

    /** The table, one line per issue after a header line, each ending in a newline. */
    public static String render(List<Issue> issues, int width) {
        if (issues.isEmpty()) {
            return "No issues found.\n";
        }
        int containerWidth = "CONTAINER".length();
        int countWidth = "COUNT".length();
        for (Issue issue : issues) {
            containerWidth = Math.max(containerWidth, Math.min(MAX_CONTAINER, clean(issue.containerName()).length()));
            countWidth = Math.max(countWidth, Long.toString(issue.occurrences()).length());
        }
        int severityWidth = "CRITICAL".length();
        int issueWidth = Math.max(MIN_ISSUE, width - severityWidth - containerWidth - countWidth - 3 * GAP.length());
        StringBuilder table = new StringBuilder();
        row(table, "SEVERITY", severityWidth, "CONTAINER", containerWidth, "COUNT", countWidth, "ISSUE", issueWidth);
        for (Issue issue : issues) {
            row(table, issue.severity().name(), severityWidth, clean(issue.containerName()), containerWidth,
                    Long.toString(issue.occurrences()), countWidth, clean(firstLine(issue.template())), issueWidth);
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String severity, int severityWidth, String container,
            int containerWidth, String count, int countWidth, String issue, int issueWidth) {
        table.append(pad(severity, severityWidth)).append(GAP)
                .append(pad(fit(container, containerWidth), containerWidth)).append(GAP)
                .append(" ".repeat(countWidth - count.length())).append(count).append(GAP)
                .append(fit(issue, issueWidth).stripTrailing()).append('\n');
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Control characters would move the cursor or ring the bell; a table shows them as spaces. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
