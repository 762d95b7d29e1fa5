package io.dockmedic.report;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.scan.ScanReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of {@code remediation_plan.json}: the issues of one scan split into what dockmedic can
 * fix by itself (restart or exec in the container) and what is handed to an agent, each list in
 * priority order. Field names are written in snake_case; see SPEC/report-format.md.
 *
 * @param auditTimestamp the {@code audit_timestamp} of the report this plan belongs to
 * @param summary how many steps each list holds
 * @param automatic fixes dockmedic can apply itself
 * @param agent problems that need code or configuration changes by an agent or a person
 */
public record RemediationPlan(String auditTimestamp, Summary summary, List<Step> automatic, List<Step> agent) {

    /** Sizes of the two lists. */
    public record Summary(int totalSteps, int automaticCount, int agentCount) {
    }

    /** One issue to remediate, with what an agent needs to pick it up. */
    public record Step(
            int priority,
            String id,
            String fingerprint,
            String severity,
            String issueType,
            String container,
            String fix,
            String suggestedAction,
            String logExcerpt) {
    }

    /** The plan for the issues of one scan. */
    public static RemediationPlan of(ScanReport scan) {
        IssueIds ids = new IssueIds(scan.issues().stream().map(Issue::fingerprint).toList());
        List<Step> automatic = new ArrayList<>();
        List<Step> agent = new ArrayList<>();
        for (Issue issue : scan.issues()) {
            Step step = new Step(issue.priority(), ids.idOf(issue.fingerprint()), issue.fingerprint(), issue.severity().name(),
                    issue.category().id(), issue.containerName(), issue.fix().id(), issue.suggestedAction(),
                    AuditReport.excerpt(issue));
            (automatic(issue.fix()) ? automatic : agent).add(step);
        }
        return new RemediationPlan(AuditReport.time(scan.scannedAt()),
                new Summary(automatic.size() + agent.size(), automatic.size(), agent.size()),
                List.copyOf(automatic), List.copyOf(agent));
    }

    private static boolean automatic(FixKind fix) {
        return fix == FixKind.RESTART || fix == FixKind.EXEC;
    }
}
