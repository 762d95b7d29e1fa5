package io.dockmedic.operator.audit;

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

        assertThat(settings.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
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
                .hasMessageStartingWith("spec.selector.namePattern is not a valid regular expression");
        assertThatThrownBy(() -> settings("{\"interval\":\"0s\"}"))
                .hasMessage("spec.interval must be at least 1s, was '0s'");
        assertThatThrownBy(() -> settings("{\"rules\":[{\"id\":\"a\",\"pattern\":\"x\",\"severity\":\"HIGH\"},"
                + "{\"id\":\"a\",\"pattern\":\"y\",\"severity\":\"LOW\"}]}"))
                .hasMessage("spec.rules[1].id 'a' is used by another rule");
        assertThatThrownBy(() -> settings("{\"rules\":[{\"id\":\"a\",\"pattern\":\"(\",\"severity\":\"HIGH\"}]}"))
                .hasMessageStartingWith("spec.rules[0]: rule a: invalid pattern");
        assertThatThrownBy(() -> settings("{\"overrides\":[{\"templatePattern\":\"[\",\"severity\":\"LOW\"}]}"))
                .hasMessageStartingWith("spec.overrides[0]: invalid override templatePattern");
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
