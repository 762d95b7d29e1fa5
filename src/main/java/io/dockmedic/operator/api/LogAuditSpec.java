package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What a LogAudit scans and how.
 *
 * @param dockerHost the Docker engine to scan, or null for the operator's default engine
 * @param tlsSecretRef TLS material for a tcp:// engine
 * @param selector which containers
 * @param interval time between scans
 * @param since initial look-back for containers never read before
 * @param minSeverity issues below it are not tracked
 * @param resolveAfter quiet period after which an open issue counts as resolved
 * @param rules extra detection rules
 * @param overrides severity overrides
 * @param remediation automatic fixes and silences
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogAuditSpec(
        @JsonPropertyDescription("Docker engine to scan, as a DOCKER_HOST-style URL: unix:///PATH or tcp://HOST:PORT. "
                + "Omit it for the operator's own engine: its DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH "
                + "(unix:///var/run/docker.sock when unset). The operator scans only engines on its allow-list "
                + "(--allowed-docker-hosts; by default its own engine); any other leaves the LogAudit "
                + "Ready=False DockerHostNotAllowed without being contacted.")
        @Pattern(DOCKER_HOST_PATTERN)
        @Size(max = 512)
        String dockerHost,

        @JsonPropertyDescription("Secret in the LogAudit's namespace holding TLS material for a tcp:// engine "
                + "under the keys ca.pem, cert.pem and key.pem (the layout of DOCKER_CERT_PATH). Omit for plain "
                + "tcp or the local socket.")
        SecretReference tlsSecretRef,

        @JsonPropertyDescription("Which containers to scan, running or stopped. Every criterion given must hold; "
                + "an empty or missing selector selects all containers the operator lets this LogAudit read: by "
                + "default only those labelled dockmedic.io/namespace=<this LogAudit's namespace> "
                + "(the operator's --container-scope).")
        ContainerSelectorSpec selector,

        @JsonPropertyDescription("Time between scans, as a duration such as 30s, 5m or 1h30m (units s, m, h); "
                + "at least 1s. "
                + "Docker events (die, oom, health_status) trigger a scan sooner.")
        @Default(DEFAULT_INTERVAL)
        @Pattern(INTERVAL_PATTERN)
        @Size(max = 32)
        String interval,

        @JsonPropertyDescription("How far back to read a container's log the first time it is scanned, as a "
                + "duration such as 24h, 90m or 7d (units s, m, h, d). Later scans read only new lines.")
        @Default(DEFAULT_SINCE)
        @Pattern(DURATION_PATTERN)
        @Size(max = 32)
        String since,

        @JsonPropertyDescription("Issues less severe than this are not tracked: CRITICAL, HIGH, MEDIUM or LOW "
                + "(the default, everything).")
        @Default(DEFAULT_MIN_SEVERITY)
        Severity minSeverity,

        @JsonPropertyDescription("An Open or Regressed issue with no new occurrence for this long becomes Resolved; "
                + "a Fixed issue with no occurrence for this long after the fix is Resolved too. A duration such as "
                + "1h or 30m (units s, m, h, d); at least 1m.")
        @Default(DEFAULT_RESOLVE_AFTER)
        @Pattern(RESOLVE_AFTER_PATTERN)
        @Size(max = 32)
        String resolveAfter,

        @JsonPropertyDescription("Extra detection rules, checked before the built-in catalogue.")
        @Size(max = 200)
        List<RuleSpec> rules,

        @JsonPropertyDescription("Severity overrides for built-in or extra rules, by rule id or issue type.")
        @Size(max = 200)
        List<SeverityOverride> overrides,

        @JsonPropertyDescription("Automatic fixes under safety rails (mode Off, DryRun or Auto; a budget; which "
                + "containers may be restarted; runbooks) and silences. Omit to fix nothing.")
        RemediationSpec remediation) {

    public static final String DEFAULT_INTERVAL = "30s";
    public static final String DEFAULT_SINCE = "24h";
    public static final String DEFAULT_MIN_SEVERITY = "LOW";
    public static final String DEFAULT_RESOLVE_AFTER = "1h";
    /** unix:///absolute/path or tcp://HOST:PORT (a name, an IPv4 address or a bracketed IPv6 address). */
    public static final String DOCKER_HOST_PATTERN =
            "^(unix:///[^\\s?#]+|tcp://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}/?)$";
    /** Durations without days, at least 1s: number+unit pairs such as 1h30m, one of them not zero. */
    public static final String INTERVAL_PATTERN = "^([0-9]+(s|m|h))*[0-9]*[1-9][0-9]*(s|m|h)([0-9]+(s|m|h))*$";
    /** At least 1m: a non-zero minutes, hours or days part, or at least 60 seconds. */
    public static final String RESOLVE_AFTER_PATTERN = "^([0-9]+(s|m|h|d))*([0-9]*[1-9][0-9]*(m|h|d)"
            + "|0*([6-9][0-9]|[1-9][0-9]{2,})s)([0-9]+(s|m|h|d))*$";
    /** Durations with days allowed, for look-backs. */
    public static final String DURATION_PATTERN = "^([0-9]+(s|m|h|d))+$";

    public LogAuditSpec {
        rules = rules == null ? List.of() : List.copyOf(rules);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }
}
