package io.dockmedic.core.scan;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one scan: the issues found in it, in priority order, and where the next scan resumes.
 *
 * <p>Occurrences, first and last seen count only what this scan read, so an operator adds them to the
 * totals it stores; a one-shot scan shows them as they are.
 *
 * @param scannedAt when the scan finished
 * @param issues issues with occurrences in this scan, in priority order (rank 1 first), at or above the policy's minimum severity
 * @param containersAnalyzed how many containers were selected and examined
 * @param containersWithIssues how many of them contributed to at least one reported issue
 * @param linesScanned log lines read in this scan
 * @param ongoing fingerprints of state issues counted by an earlier scan that still hold (a container still exited, unhealthy, dead or restarting)
 * @param errors what could not be scanned (one container's log, for example); the rest of the scan went on
 * @param scanState where the next scan resumes: pass it as {@link ScanRequest#resumeFrom()}
 * @param truncation what a memory cap left out of this scan, or null when nothing was
 * @param bytesScanned bytes of log text read in this scan (UTF-8, without line ends)
 */
public record ScanReport(
        Instant scannedAt,
        List<Issue> issues,
        int containersAnalyzed,
        int containersWithIssues,
        long linesScanned,
        List<String> ongoing,
        List<ScanError> errors,
        ScanState scanState,
        Truncation truncation,
        long bytesScanned) {

    public ScanReport {
        issues = List.copyOf(issues);
        ongoing = List.copyOf(ongoing);
        errors = List.copyOf(errors);
    }

    /** A scan that nothing was left out of. */
    public ScanReport(Instant scannedAt, List<Issue> issues, int containersAnalyzed, int containersWithIssues,
            long linesScanned, List<String> ongoing, List<ScanError> errors, ScanState scanState) {
        this(scannedAt, issues, containersAnalyzed, containersWithIssues, linesScanned, ongoing, errors, scanState,
                null, 0);
    }

    /** Whether a memory cap left something out of this scan ({@link #truncation()}). */
    public boolean truncated() {
        return truncation != null;
    }

    /** How many reported issues have this severity. */
    public long count(Severity severity) {
        return issues.stream().filter(i -> i.severity() == severity).count();
    }
}
