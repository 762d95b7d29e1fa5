package io.dockmedic.core.issue;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;

/**
 * One problem, however often it happened: every event with the same fingerprint folds into it.
 *
 * @param fingerprint stable id from (container identity, template); the same problem keeps it
 * @param container the container identity (compose project/service, else the name)
 * @param containerName the name of the container where it was last seen
 * @param containerId the id of the container where it was last seen
 * @param image the image of that container
 * @param service the compose service, or null
 * @param severity the highest severity seen for it
 * @param category what kind of problem it is
 * @param source log or state
 * @param template the message with variable parts masked
 * @param firstSample the first event seen, capped in size (a stack trace stays whole up to the cap)
 * @param lastSample the most recent event seen, capped likewise
 * @param occurrences how many events folded into it
 * @param firstSeen timestamp of the first event
 * @param lastSeen timestamp of the most recent event
 * @param ruleId the rule that classified it
 * @param suggestedAction what a person or agent should do about it
 * @param fix how it can be fixed
 * @param priority 1-based rank in the deterministic priority order (0 until ranked)
 */
public record Issue(
        String fingerprint,
        String container,
        String containerName,
        String containerId,
        String image,
        String service,
        Severity severity,
        Category category,
        IssueSource source,
        String template,
        String firstSample,
        String lastSample,
        long occurrences,
        Instant firstSeen,
        Instant lastSeen,
        String ruleId,
        String suggestedAction,
        FixKind fix,
        int priority) {

    /** The same issue ranked at {@code rank}. */
    public Issue withPriority(int rank) {
        return new Issue(fingerprint, container, containerName, containerId, image, service, severity, category,
                source, template, firstSample, lastSample, occurrences, firstSeen, lastSeen, ruleId,
                suggestedAction, fix, rank);
    }
}
