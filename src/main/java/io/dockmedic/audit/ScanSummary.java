package io.dockmedic.audit;

import io.dockmedic.core.scan.Truncation;
import io.dockmedic.operator.api.ContainerCursor;
import io.dockmedic.core.task.ScanMark;
import java.util.List;

/**
 * One completed scan as the audit's status records it.
 *
 * @param mark the scan's number and window end
 * @param containersScanned containers examined
 * @param containersWithIssues containers where something was found
 * @param linesScanned log lines read
 * @param cursors where reading continues, per container
 * @param unreadable containers that could not be read, each as "name: why"
 * @param truncation what a memory cap left out of the scan, or null when nothing was
 */
public record ScanSummary(ScanMark mark, int containersScanned, int containersWithIssues, long linesScanned,
        List<ContainerCursor> cursors, List<String> unreadable, Truncation truncation) {

    public ScanSummary {
        cursors = List.copyOf(cursors);
        unreadable = List.copyOf(unreadable);
    }
}
