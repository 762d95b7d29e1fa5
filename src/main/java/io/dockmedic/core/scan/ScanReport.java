package io.dockmedic.core.scan;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scan: the issues in priority order and what was read to find them.
 *
 * @param scannedAt when the scan finished
 * @param issues issues in priority order (rank 1 first)
 * @param containersAnalyzed how many containers were examined
 * @param containersWithIssues how many of them had at least one issue
 * @param linesScanned log lines read in this scan
 * @param cursors per container id, where the next incremental read starts
 */
public record ScanReport(
        Instant scannedAt,
        List<Issue> issues,
        int containersAnalyzed,
        int containersWithIssues,
        long linesScanned,
        Map<String, LogCursor> cursors) {

    public ScanReport {
        issues = List.copyOf(issues);
        cursors = Map.copyOf(cursors);
    }

    public long count(Severity severity) {
        return issues.stream().filter(i -> i.severity() == severity).count();
    }
}
