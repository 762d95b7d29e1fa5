package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a memory cap left out of a LogAudit's last scan.
 *
 * @param reason which cap was reached
 * @param issuesKept distinct issues the scan held when it reached the cap
 * @param newIssues distinct issues seen after the cap and not recorded
 * @param occurrences their occurrences
 */
public record ScanDropped(
        @JsonPropertyDescription("Which cap was reached, in one line (e.g. the issue ledger is full).") String reason,
        @JsonPropertyDescription("Distinct issues the scan held when it reached the cap; they kept counting.")
        int issuesKept,
        @JsonPropertyDescription("Distinct issues seen after the cap and not recorded: no task was made or counted "
                + "for them (exact up to 10,000, a lower bound beyond).")
        long newIssues,
        @JsonPropertyDescription("Log events of those issues that were not counted.") long occurrences) {
}
