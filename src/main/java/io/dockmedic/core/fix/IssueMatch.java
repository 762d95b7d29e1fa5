package io.dockmedic.core.fix;

import io.dockmedic.core.regex.TextPattern;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.RemediationTaskSpec;
import java.util.Set;

/**
 * Which issues a runbook, a restart policy or a silence is for. Every criterion given must hold; a match
 * with no criterion matches nothing.
 *
 * @param rules rule ids, any of them
 * @param categories issue types, any of them
 * @param fingerprints issue fingerprints, any of them
 * @param templatePattern a pattern (a user's: linear time) the issue's template must contain a match of, or null
 * @param minSeverity the least severity, or null
 */
public record IssueMatch(Set<String> rules, Set<Category> categories, Set<String> fingerprints,
        TextPattern templatePattern, Severity minSeverity) {

    public IssueMatch {
        rules = rules == null ? Set.of() : Set.copyOf(rules);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        fingerprints = fingerprints == null ? Set.of() : Set.copyOf(fingerprints);
    }

    /** Whether at least one criterion is given. */
    public boolean hasCriterion() {
        return !rules.isEmpty() || !categories.isEmpty() || !fingerprints.isEmpty() || templatePattern != null;
    }

    /** Whether the task's issue meets every criterion given. */
    public boolean matches(RemediationTaskSpec spec, Severity severity) {
        if (!hasCriterion() || spec == null) {
            return false;
        }
        if (!rules.isEmpty() && !rules.contains(spec.ruleId())) {
            return false;
        }
        if (!categories.isEmpty() && (spec.issueType() == null || !categories.contains(spec.issueType().category()))) {
            return false;
        }
        if (!fingerprints.isEmpty() && !fingerprints.contains(spec.fingerprint())) {
            return false;
        }
        if (templatePattern != null && (spec.template() == null || !templatePattern.find(spec.template()))) {
            return false;
        }
        return minSeverity == null || (severity != null && severity.atLeast(minSeverity));
    }
}
