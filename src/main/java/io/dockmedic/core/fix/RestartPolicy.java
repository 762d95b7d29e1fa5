package io.dockmedic.core.fix;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.RemediationTaskSpec;
import java.util.Set;

/**
 * Which containers dockmedic may restart, and for which issues. A container is eligible only if it carries
 * the opt-in label {@value #OPT_IN_LABEL}{@code =true} or the policy's selector names it: nothing else is
 * ever touched.
 *
 * @param selector containers opted in by the spec, or null for the label alone
 * @param rules rule ids a restart is for
 * @param categories issue types a restart is for (an issue matches when its rule or its type is listed)
 * @param minSeverity the least severity, or null
 */
public record RestartPolicy(ContainerSelector selector, Set<String> rules, Set<Category> categories,
        Severity minSeverity) {

    public RestartPolicy {
        rules = rules == null ? Set.of() : Set.copyOf(rules);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    /** Whether a restart is for this issue. */
    public boolean matches(RemediationTaskSpec spec, Severity severity) {
        boolean listed = rules.contains(spec.ruleId())
                || (spec.issueType() != null && categories.contains(spec.issueType().category()));
        return listed && (minSeverity == null || (severity != null && severity.atLeast(minSeverity)));
    }

    /** The container label that opts a container in to automatic restarts. */
    public static final String OPT_IN_LABEL = "dockmedic.io/auto-restart";

    /** Whether the container may be restarted. */
    public boolean eligible(ContainerInfo container) {
        if ("true".equals(container.labels().get(OPT_IN_LABEL))) {
            return true;
        }
        return selector != null && selector.matches(container);
    }
}
