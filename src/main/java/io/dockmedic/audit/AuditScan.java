package io.dockmedic.audit;

import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.scan.ScanListener;
import io.dockmedic.core.scan.ScanReport;
import io.dockmedic.core.scan.ScanRequest;
import io.dockmedic.core.scan.Scanner;
import io.dockmedic.core.task.AppliedScan;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskPlanner;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One scan of a LogAudit: which window it reads, running the scanner over it, and what the status
 * records of it.
 */
public final class AuditScan {

    private AuditScan() {
    }

    /**
     * The scan to run now. Normally the next number with a window ending now; but when a task already
     * carries a number beyond the status's, the operator stopped after writing tasks and before writing
     * the status: that scan is repeated over exactly its recorded window, and the tasks it already
     * counted are skipped (see {@link TaskPlanner#alreadyCounted}).
     *
     * @param tasks the audit's tasks, read fresh from the API server
     */
    public static ScanMark nextMark(LogAuditStatus status, List<StoredTask> tasks, TaskPlanner planner,
            Instant now) {
        long committed = status == null || status.scanSequence() == null ? 0 : status.scanSequence();
        return tasks.stream()
                .filter(planner::ownedByAudit)
                .map(task -> task.status() == null ? null : task.status().appliedScan())
                .filter(Objects::nonNull)
                .filter(applied -> applied.sequence() > committed)
                .max(Comparator.comparingLong(AppliedScan::sequence))
                .map(applied -> new ScanMark(applied.sequence(), Instant.parse(applied.windowEnd())))
                .orElseGet(() -> new ScanMark(committed + 1, now));
    }

    /** Scans the audit's containers from the cursors in {@code status} up to the mark's window end. */
    public static ScanReport run(Scanner scanner, ContainerRuntime runtime, AuditSettings settings,
            LogAuditStatus status, ScanMark mark) {
        // The look-back is measured from the window end, so a repeated scan starts new containers at the
        // same point as the scan it repeats.
        ScanRequest request = new ScanRequest(settings.selector(), mark.windowEnd().minus(settings.since()),
                ScanStates.fromCursors(status == null ? null : status.cursors()));
        return scanner.scan(new BoundedRuntime(runtime, mark.windowEnd()), request, ScanListener.NONE);
    }

    /** What the status records of a completed scan. */
    public static ScanSummary summary(ScanReport report, ScanMark mark) {
        // Only a container's error makes it unreadable; the scan-wide one (a memory cap) is the truncation.
        return new ScanSummary(mark, report.containersAnalyzed(), report.containersWithIssues(),
                report.linesScanned(), ScanStates.toCursors(report.scanState()),
                report.errors().stream()
                        .filter(e -> e.containerId() != null)
                        .map(e -> e.container() == null ? e.message() : e.container() + ": " + e.message())
                        .toList(), report.truncation());
    }
}
