package io.dockmedic.operator.api;

import io.dockmedic.core.task.Condition;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the operator observed for a LogAudit. Written only by the operator, once per reconcile and only
 * when it changed.
 *
 * @param observedGeneration the spec generation this status reflects
 * @param conditions Ready, DockerReachable and Degraded
 * @param lastScanTime end of the window the last scan read
 * @param scanSequence number of completed scans
 * @param containersScanned containers examined by the last scan
 * @param containersWithIssues of those, containers with an issue in the last scan
 * @param linesScanned lines read by the last scan
 * @param totalLinesScanned lines read since the audit was created
 * @param openIssues open issues by severity
 * @param topIssues the most urgent open issues
 * @param cursors where reading continues, per container
 * @param truncated true when a memory cap left new issues out of the last scan, else absent
 * @param dropped what the cap left out of the last scan, or absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogAuditStatus(
        @JsonPropertyDescription("metadata.generation of the spec this status reflects.")
        Long observedGeneration,

        @JsonPropertyDescription("Ready (the last scan succeeded), DockerReachable (the engine answered), "
                + "Degraded (part of the scan failed or fell short: a container's log could not be read, a memory cap "
                + "left issues out, the scan ran past its time budget) and TemplateStoreLoaded.")
        List<Condition> conditions,

        @JsonPropertyDescription("End of the time window the last scan read (RFC 3339).")
        String lastScanTime,

        @JsonPropertyDescription("Number of completed scans. RemediationTasks record the number of the scan that "
                + "last counted them, which makes a scan that is repeated after a crash count nothing twice.")
        Long scanSequence,

        @JsonPropertyDescription("Containers the last scan examined.")
        Integer containersScanned,

        @JsonPropertyDescription("Containers in which the last scan found an issue.")
        Integer containersWithIssues,

        @JsonPropertyDescription("Log lines the last scan read.")
        Long linesScanned,

        @JsonPropertyDescription("Log lines read since the audit was created.")
        Long totalLinesScanned,

        @JsonPropertyDescription("Open issues (RemediationTasks neither Resolved nor Ignored) by severity.")
        IssueCounts openIssues,

        @JsonPropertyDescription("The most urgent open issues, at most 10, in priority order; the full list is "
                + "'kubectl get issues -l dockmedic.io/audit=NAME'.")
        List<TopIssue> topIssues,

        @JsonPropertyDescription("Per container, where the next scan continues reading its log. Written together "
                + "with scanSequence; with the scan number each RemediationTask records, a restarted operator "
                + "neither re-reads a line nor counts one twice.")
        List<ContainerCursor> cursors,

        @JsonPropertyDescription("True when a memory cap left new issues out of the last scan (see dropped and the "
                + "Degraded condition, reason ScanTruncated); absent otherwise.")
        Boolean truncated,

        @JsonPropertyDescription("What a memory cap left out of the last scan; absent when nothing was.")
        ScanDropped dropped) {
}
