package io.dockmedic.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.operator.api.LogAuditSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    private AuditSettings settings(String specJson) {
        return AuditSettings.of(json.unmarshal(specJson, LogAuditSpec.class));
    }

    @Test
    void missingFieldsTakeTheDocumentedDefaults() {
        AuditSettings settings = settings("{}");

        assertThat(settings.dockerHost()).as("no host named: the runner's default engine").isNull();
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.since()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.resolveAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.policy().minSeverity()).isEqualTo(Severity.LOW);
        assertThat(settings.tlsSecret()).isNull();
    }

    @Test
    void durationsCombineUnits() {
        AuditSettings settings = settings("{\"interval\":\"1h30m\",\"since\":\"7d\",\"resolveAfter\":\"45m\"}");

        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(settings.since()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.resolveAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void whatTheSchemaCannotCheckIsRejectedNamingTheField() {
        assertThatThrownBy(() -> settings("{\"selector\":{\"namePattern\":\"shop-(\"}}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("spec.selector.namePattern is not a valid RE2 regular expression");
        assertThatThrownBy(() -> settings("{\"interval\":\"0s\"}"))
                .hasMessage("spec.interval must be at least 1s, was '0s'");
        assertThatThrownBy(() -> settings("{\"rules\":[{\"id\":\"a\",\"pattern\":\"x\",\"severity\":\"HIGH\"},"
                + "{\"id\":\"a\",\"pattern\":\"y\",\"severity\":\"LOW\"}]}"))
                .hasMessage("spec.rules[1].id 'a' is used by another rule");
        assertThatThrownBy(() -> settings("{\"rules\":[{\"id\":\"a\",\"pattern\":\"(\",\"severity\":\"HIGH\"}]}"))
                .hasMessageStartingWith("spec.rules[0]: rule a: pattern is not a valid RE2 regular expression");
        assertThatThrownBy(() -> settings("{\"overrides\":[{\"templatePattern\":\"[\",\"severity\":\"LOW\"}]}"))
                .hasMessageStartingWith("spec.overrides[0]: templatePattern is not a valid RE2 regular expression");
    }

    @Test
    void userRegexesThatCouldBacktrackOrAreHugeAreRejectedNamingTheField() {
        assertThatThrownBy(() -> settings("{\"selector\":{\"namePattern\":\"" + "a".repeat(1 << 20) + "\"}}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.selector.namePattern is 1048576 characters long; at most 1000 are allowed");
        assertThatThrownBy(() -> settings("{\"rules\":[{\"id\":\"a\",\"pattern\":\"(\\\\w+) \\\\1\","
                + "\"severity\":\"HIGH\"}]}"))
                .hasMessage("spec.rules[0]: rule a: pattern uses a backreference \\1, which the linear-time regular "
                        + "expression engine (RE2) does not support");
        assertThatThrownBy(() -> settings("{\"overrides\":[{\"templatePattern\":\"x(?=y)\",\"severity\":\"LOW\"}]}"))
                .hasMessageStartingWith("spec.overrides[0]: templatePattern uses a lookahead (?=...)");
    }

    @Test
    void badDockerHostsAndTooShortOrTooLongDurationsAreInvalidSpecs() {
        assertThatThrownBy(() -> settings("{\"dockerHost\":\"tcp://127.0.0.1:2375x\"}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.dockerHost 'tcp://127.0.0.1:2375x' is not a tcp://HOST:PORT address (PORT 1-65535, "
                        + "nothing after it)");
        assertThatThrownBy(() -> settings("{\"dockerHost\":\"npipe:////./pipe/docker_engine\"}"))
                .hasMessageContaining("spec.dockerHost 'npipe:////./pipe/docker_engine' is a Windows named pipe");
        assertThatThrownBy(() -> settings("{\"resolveAfter\":\"0s\"}"))
                .hasMessage("spec.resolveAfter must be at least 1m, was '0s'");
        assertThatThrownBy(() -> settings("{\"resolveAfter\":\"59s\"}"))
                .hasMessage("spec.resolveAfter must be at least 1m, was '59s'");
        assertThatThrownBy(() -> settings("{\"since\":\"9999999999999999d\"}"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.since '9999999999999999d' is too large (at most 3650d)");
        assertThatThrownBy(() -> settings("{\"interval\":\"99999999999999999999h\"}"))
                .hasMessage("spec.interval '99999999999999999999h' is too large");
    }

    @Test
    void extraRulesAndOverridesReachTheScanPolicy() {
        AuditSettings settings = settings("{\"minSeverity\":\"HIGH\",\"rules\":[{\"id\":\"shop.declined\","
                + "\"pattern\":\"payment .* declined\",\"severity\":\"CRITICAL\"}],"
                + "\"overrides\":[{\"rule\":\"db.deadlock\",\"severity\":\"IGNORE\"}]}");

        assertThat(settings.policy().minSeverity()).isEqualTo(Severity.HIGH);
        assertThat(settings.policy().catalog().rules()).anyMatch(rule -> rule.id().equals("shop.declined"));
        assertThat(settings.policy().overrides()).singleElement()
                .satisfies(o -> assertThat(o.matches("db.deadlock", null, "x")).isTrue());
    }
}
