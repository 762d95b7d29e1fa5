package io.dockmedic.audit;

import io.dockmedic.core.container.ContainerStateAnalyzer;
import io.dockmedic.core.fix.FixAction;
import io.dockmedic.core.fix.FixBudget;
import io.dockmedic.core.fix.FixMode;
import io.dockmedic.core.fix.IssueMatch;
import io.dockmedic.core.fix.RemediationPolicy;
import io.dockmedic.core.fix.RestartPolicy;
import io.dockmedic.core.fix.Runbook;
import io.dockmedic.core.fix.Silence;
import io.dockmedic.core.regex.TextPattern;
import io.dockmedic.core.regex.UserPattern;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.DurationText;
import io.dockmedic.core.task.IssueType;
import io.dockmedic.operator.api.ExecSpec;
import io.dockmedic.operator.api.FixBudgetSpec;
import io.dockmedic.operator.api.IssueMatchSpec;
import io.dockmedic.operator.api.OverrideSeverity;
import io.dockmedic.operator.api.RemediationSpec;
import io.dockmedic.operator.api.RestartSpec;
import io.dockmedic.operator.api.RunbookAction;
import io.dockmedic.operator.api.RunbookSpec;
import io.dockmedic.operator.api.SilenceSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a LogAudit's {@code spec.remediation} into the core's {@link RemediationPolicy}, naming the field on errors. */
final class RemediationSettings {

    /** The state issues a restart is for unless the spec lists others. */
    static final Set<String> DEFAULT_RESTART_RULES = Set.of(ContainerStateAnalyzer.EXITED,
            ContainerStateAnalyzer.OOM_KILLED, ContainerStateAnalyzer.RESTART_LOOP, ContainerStateAnalyzer.UNHEALTHY);
    private static final String FIELD = "spec.remediation";

    private RemediationSettings() {
    }

    static RemediationPolicy of(RemediationSpec spec) {
        if (spec == null) {
            return RemediationPolicy.OFF;
        }
        FixMode mode = spec.mode() == null ? FixMode.Off : spec.mode();
        return new RemediationPolicy(mode, budget(spec.budget()), restart(spec.restart()), runbooks(spec.runbooks()),
                silences(spec.silences()));
    }

    private static FixBudget budget(FixBudgetSpec spec) {
        FixBudget d = FixBudget.DEFAULT;
        if (spec == null) {
            return d;
        }
        String f = FIELD + ".budget";
        return new FixBudget(
                spec.maxAttempts() == null ? d.maxAttempts() : spec.maxAttempts(),
                duration(spec.window(), d.window(), f + ".window"),
                duration(spec.backoff(), d.backoff(), f + ".backoff"),
                duration(spec.cooldown(), d.cooldown(), f + ".cooldown"),
                spec.maxContainersPerWindow() == null ? d.maxContainersPerWindow() : spec.maxContainersPerWindow());
    }

    private static RestartPolicy restart(RestartSpec spec) {
        if (spec == null) {
            return null;
        }
        Set<String> rules = spec.rules().isEmpty() && spec.issueTypes().isEmpty() ? DEFAULT_RESTART_RULES
                : Set.copyOf(spec.rules());
        return new RestartPolicy(spec.selector() == null ? null
                : AuditSettings.selector(spec.selector(), FIELD + ".restart.selector"), rules,
                categories(spec.issueTypes()), spec.minSeverity());
    }

    private static List<Runbook> runbooks(List<RunbookSpec> specs) {
        List<Runbook> runbooks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            RunbookSpec spec = specs.get(i);
            String f = FIELD + ".runbooks[" + i + "]";
            if (!names.add(spec.name())) {
                throw new InvalidSpecException(f + ".name '" + spec.name() + "' is used by another runbook");
            }
            FixAction action;
            if (spec.action() == RunbookAction.EXEC) {
                ExecSpec exec = spec.exec();
                if (exec == null || exec.argv() == null || exec.argv().isEmpty()) {
                    throw new InvalidSpecException(f + ".exec.argv is required for action exec");
                }
                action = new FixAction(FixAction.Kind.EXEC, exec.argv(), exec.container(), exec.user(),
                        duration(exec.timeout(), FixAction.DEFAULT_TIMEOUT, f + ".exec.timeout"),
                        exec.expectedExitCode() == null ? 0 : exec.expectedExitCode(),
                        exec.outputLimit() == null ? FixAction.DEFAULT_OUTPUT_LIMIT : exec.outputLimit());
            } else {
                action = FixAction.restart(FixAction.DEFAULT_TIMEOUT);
            }
            runbooks.add(new Runbook(spec.name(), match(spec.match(), f + ".match", null), action));
        }
        return runbooks;
    }

    private static List<Silence> silences(List<SilenceSpec> specs) {
        List<Silence> silences = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            SilenceSpec spec = specs.get(i);
            String f = FIELD + ".silences[" + i + "]";
            Instant until = null;
            if (spec.until() != null) {
                try {
                    until = Instant.parse(spec.until());
                } catch (DateTimeParseException e) {
                    throw new InvalidSpecException(f + ".until '" + spec.until() + "' is not an RFC 3339 time such as "
                            + "2026-12-31T00:00:00Z");
                }
            }
            Severity severity = spec.severity() == OverrideSeverity.IGNORE ? null
                    : Severity.valueOf(spec.severity().name());
            silences.add(new Silence(spec.name(), match(spec.match(), f + ".match", null), severity, spec.reason(),
                    until));
        }
        return silences;
    }

    private static IssueMatch match(IssueMatchSpec spec, String field, Severity minSeverity) {
        if (spec == null) {
            throw new InvalidSpecException(field + " is required");
        }
        TextPattern pattern = null;
        if (spec.templatePattern() != null && !spec.templatePattern().isBlank()) {
            try {
                pattern = UserPattern.compile(spec.templatePattern(), true, field + ".templatePattern");
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException(e.getMessage());
            }
        }
        IssueMatch match = new IssueMatch(Set.copyOf(spec.rules()), categories(spec.issueTypes()),
                Set.copyOf(spec.fingerprints()), pattern, minSeverity);
        if (!match.hasCriterion()) {
            throw new InvalidSpecException(field + " needs at least one of rules, issueTypes, fingerprints or "
                    + "templatePattern");
        }
        return match;
    }

    private static Set<Category> categories(List<IssueType> types) {
        return types.stream().map(IssueType::category).collect(Collectors.toSet());
    }

    private static Duration duration(String text, Duration fallback, String field) {
        return text == null || text.isBlank() ? fallback : DurationText.parse(text, field);
    }
}
