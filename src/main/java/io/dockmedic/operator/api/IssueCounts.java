package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How many open issues there are, by severity.
 *
 * @param critical open CRITICAL issues
 * @param high open HIGH issues
 * @param medium open MEDIUM issues
 * @param low open LOW issues
 * @param total all open issues
 */
public record IssueCounts(
        @JsonPropertyDescription("Open CRITICAL issues.") int critical,
        @JsonPropertyDescription("Open HIGH issues.") int high,
        @JsonPropertyDescription("Open MEDIUM issues.") int medium,
        @JsonPropertyDescription("Open LOW issues.") int low,
        @JsonPropertyDescription("All open issues: every RemediationTask of this audit not Resolved or Ignored.")
        int total) {
}
