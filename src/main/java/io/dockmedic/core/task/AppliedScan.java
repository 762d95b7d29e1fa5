package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last LogAudit scan whose occurrences a task includes.
 *
 * @param sequence the scan's number (LogAudit status.scanSequence once that scan completed)
 * @param windowEnd the end of the time window that scan read
 */
public record AppliedScan(
        @JsonPropertyDescription("Number of the scan (see LogAudit status.scanSequence).") long sequence,
        @JsonPropertyDescription("End of the time window that scan read (RFC 3339); a scan repeated after a "
                + "crash reads exactly the same window.")
        String windowEnd) {
}
