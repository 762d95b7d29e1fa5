package io.dockmedic.core.scan;

/**
 * What a scan left out because it reached a memory cap: the report is complete for the issues it holds,
 * but new issues beyond the cap were not recorded.
 *
 * @param reason which cap was reached, in one line
 * @param issuesKept distinct issues the scan held when it reached the cap
 * @param newIssuesDropped distinct issues seen after the cap and not recorded (a lower bound past 10,000)
 * @param occurrencesDropped their occurrences
 */
public record Truncation(String reason, int issuesKept, long newIssuesDropped, long occurrencesDropped) {
}
