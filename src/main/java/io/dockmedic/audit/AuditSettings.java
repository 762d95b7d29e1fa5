package io.dockmedic.audit;

import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.ContainerStateAnalyzer;
import io.dockmedic.core.fix.RemediationPolicy;
import io.dockmedic.core.regex.TextPattern;
import io.dockmedic.core.regex.UserPattern;
import io.dockmedic.core.rules.Rule;
import io.dockmedic.core.rules.RuleCatalog;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.rules.SeverityOverride;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.task.DurationText;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.ContainerSelectorSpec;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RuleSpec;
import io.dockmedic.operator.api.SecretReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A LogAudit spec made typed and checked: what the schema cannot check (regular expressions, rule
 * ids unique, durations within bounds) is checked here, with messages that name the field.
 *
 * @param dockerHost the engine's address, or null when the spec names none: then the runner's default engine
 *     (the operator's DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) is meant
 * @param tlsSecret the Secret with TLS material, or null
 * @param selector which containers
 * @param interval time between scans
 * @param since initial look-back
 * @param resolveAfter quiet period
 * @param policy how scans judge what they read
 * @param remediation what dockmedic may fix itself, and the silences
 */
public record AuditSettings(String dockerHost, String tlsSecret, ContainerSelector selector, Duration interval,
        Duration since, Duration resolveAfter, ScanPolicy policy, RemediationPolicy remediation) {

    /** The shortest interval accepted: scanning more often only burns CPU. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The shortest quiet period accepted: shorter would resolve issues between two scans of a busy log. */
    public static final Duration MIN_RESOLVE_AFTER = Duration.ofMinutes(1);

    /**
     * Reads a spec.
     *
     * @throws InvalidSpecException naming the field and what is wrong with it
     */
    public static AuditSettings of(LogAuditSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("spec is missing");
        }
        try {
            Duration interval = DurationText.parse(or(spec.interval(), LogAuditSpec.DEFAULT_INTERVAL), "spec.interval");
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                throw new InvalidSpecException("spec.interval must be at least 1s, was '" + spec.interval() + "'");
            }
            Duration since = DurationText.parse(or(spec.since(), LogAuditSpec.DEFAULT_SINCE), "spec.since");
            Duration resolveAfter = DurationText.parse(or(spec.resolveAfter(), LogAuditSpec.DEFAULT_RESOLVE_AFTER),
                    "spec.resolveAfter");
            if (resolveAfter.compareTo(MIN_RESOLVE_AFTER) < 0) {
                throw new InvalidSpecException("spec.resolveAfter must be at least 1m, was '" + spec.resolveAfter()
                        + "'");
            }
            String host = or(spec.dockerHost(), null);
            if (host != null) {
                DockerSettings.checkHost(host, "spec.dockerHost");
            }
            SecretReference tls = spec.tlsSecretRef();
            return new AuditSettings(host,
                    tls == null ? null : tls.name(), selector(spec.selector(), "spec.selector"), interval, since,
                    resolveAfter, policy(spec), RemediationSettings.of(spec.remediation()));
        } catch (InvalidSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(e.getMessage());
        }
    }

    /** A selector from its spec; {@code field} names it in messages. */
    static ContainerSelector selector(ContainerSelectorSpec spec, String field) {
        if (spec == null) {
            return ContainerSelector.all();
        }
        TextPattern pattern = null;
        if (spec.namePattern() != null && !spec.namePattern().isBlank()) {
            pattern = UserPattern.compile(spec.namePattern(), false, field + ".namePattern");
        }
        return new ContainerSelector(Set.copyOf(spec.names()), pattern, spec.labels(), spec.composeProject());
    }

    private static ScanPolicy policy(LogAuditSpec spec) {
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < spec.rules().size(); i++) {
            RuleSpec rule = spec.rules().get(i);
            String field = "spec.rules[" + i + "]";
            if (!ids.add(rule.id())) {
                throw new InvalidSpecException(field + ".id '" + rule.id() + "' is used by another rule");
            }
            try {
                rules.add(Rule.of(rule.id(), rule.issueType() == null ? "application_error" : rule.issueType().name(),
                        rule.severity().name(), rule.pattern(), rule.keywords(), rule.suggestedAction(),
                        rule.fix() == null ? null : rule.fix().name()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException(field + ": " + e.getMessage());
            }
        }
        List<SeverityOverride> overrides = new ArrayList<>();
        for (int i = 0; i < spec.overrides().size(); i++) {
            io.dockmedic.operator.api.SeverityOverride o = spec.overrides().get(i);
            try {
                overrides.add(SeverityOverride.of(o.rule(), o.issueType() == null ? null : o.issueType().name(),
                        o.templateContains(), o.templatePattern(), o.severity().name()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("spec.overrides[" + i + "]: " + e.getMessage());
            }
        }
        Severity min = spec.minSeverity() == null ? Severity.LOW : spec.minSeverity();
        return new ScanPolicy(RuleCatalog.builtIn().withRules(rules), overrides, min,
                ContainerStateAnalyzer.DEFAULT_RESTART_LOOP_THRESHOLD);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
