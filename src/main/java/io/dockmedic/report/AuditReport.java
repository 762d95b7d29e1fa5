package io.dockmedic.report;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.Truncation;
import java.time.Instant;
import java.util.List;

/**
 * The content of {@code docker_audit_report.json}: when the scan ran, totals, and every issue in
 * priority order. Field names are written in snake_case; see SPEC/report-format.md.
 *
 * @param auditTimestamp when the scan finished, ISO-8601 UTC
 * @param summary the totals
 * @param truncated whether a memory cap left new issues out of this scan (see {@code dropped})
 * @param dropped what the cap left out, or null when nothing was
 * @param issues the issues, priority 1 first
 */
public record AuditReport(String auditTimestamp, Summary summary, boolean truncated, Dropped dropped,
        List<Entry> issues) {

    /**
     * What a memory cap left out of the scan.
     *
     * @param reason which cap, in one line
     * @param issuesKept distinct issues held when the cap was reached (all in {@code issues} at or above the
     *     minimum severity)
     * @param newIssues distinct issues seen after it and not reported (a lower bound past 10,000)
     * @param occurrences their occurrences
     */
    public record Dropped(String reason, int issuesKept, long newIssues, long occurrences) {
    }

    /** Totals of one scan. */
    public record Summary(
            long totalIssues,
            long criticalCount,
            long highCount,
            long mediumCount,
            long lowCount,
            int containersAnalyzed,
            int containersWithIssues,
            long linesScanned) {
    }

    /** One issue as reported. */
    public record Entry(
            String id,
            String fingerprint,
            String container,
            String containerId,
            String image,
            String service,
            String severity,
            String issueType,
            String source,
            String template,
            String logExcerpt,
            long occurrences,
            String firstSeen,
            String lastSeen,
            String suggestedAction,
            String fix,
            int priority) {
    }

    /** The report of one scan. */
    public static AuditReport of(ScanReport scan) {
        IssueIds ids = new IssueIds(scan.issues().stream().map(Issue::fingerprint).toList());
        List<Entry> entries = scan.issues().stream().map(issue -> new Entry(
                ids.idOf(issue.fingerprint()),
                issue.fingerprint(),
                issue.containerName(),
                issue.containerId(),
                issue.image(),
                issue.service(),
                issue.severity().name(),
                issue.category().id(),
                issue.source().id(),
                issue.template(),
                excerpt(issue),
                issue.occurrences(),
                time(issue.firstSeen()),
                time(issue.lastSeen()),
                issue.suggestedAction(),
                issue.fix().id(),
                issue.priority())).toList();
        Summary summary = new Summary(
                scan.issues().size(),
                scan.count(Severity.CRITICAL),
                scan.count(Severity.HIGH),
                scan.count(Severity.MEDIUM),
                scan.count(Severity.LOW),
                scan.containersAnalyzed(),
                scan.containersWithIssues(),
                scan.linesScanned());
        Truncation t = scan.truncation();
        Dropped dropped = t == null ? null
                : new Dropped(t.reason(), t.issuesKept(), t.newIssuesDropped(), t.occurrencesDropped());
        return new AuditReport(time(scan.scannedAt()), summary, t != null, dropped, entries);
    }

    /** The most recent sample: what the problem looks like now (a stack trace stays whole). */
    static String excerpt(Issue issue) {
        return issue.lastSample() != null ? issue.lastSample() : issue.firstSample();
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
