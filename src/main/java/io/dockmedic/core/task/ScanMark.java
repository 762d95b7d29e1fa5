package io.dockmedic.core.task;

import io.dockmedic.core.task.AppliedScan;
import java.time.Instant;

/**
 * Identifies one scan of an audit: its number and the end of the time window it read.
 *
 * @param sequence the scan's number, 1 for the first
 * @param windowEnd lines stamped after it are left for the next scan
 */
public record ScanMark(long sequence, Instant windowEnd) {

    public AppliedScan applied() {
        return new AppliedScan(sequence, windowEnd.toString());
    }
}
