package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** The CRD schema refuses hostile or nonsensical LogAudit values before the operator sees them. */
class SpecLimitsIT extends WithApiServer {

    @Test
    void aMegabyteNamePatternIsRefusedByTheSchema() {
        String ns = api.namespace("dmhostile-pattern");
        assertRejected(ns, "{\"selector\":{\"namePattern\":\"" + "a".repeat(1 << 20) + "\"}}",
                "spec.selector.namePattern", "Too long");
        assertRejected(ns, "{\"rules\":[{\"id\":\"a\",\"pattern\":\"" + "a".repeat(1001) + "\",\"severity\":\"HIGH\"}]}",
                "spec.rules[0].pattern", "Too long");
    }

    @Test
    void dockerHostsThatAreNotUnixPathsOrTcpHostPortAreRefused() {
        String ns = api.namespace("dmhostile-host");
        for (String host : new String[] {"tcp://127.0.0.1:2375x", "tcp://127.0.0.1", "npipe:////./pipe/docker_engine",
                "http://127.0.0.1:2375", "unix://relative.sock"}) {
            assertRejected(ns, "{\"dockerHost\":\"" + host + "\"}", "spec.dockerHost", "should match");
        }
        client.resource(audit(ns, "ok", "{\"dockerHost\":\"tcp://[::1]:2376\"}")).create();
    }

    @Test
    void zeroIntervalsAndQuietPeriodsUnderAMinuteAreRefused() {
        String ns = api.namespace("dmhostile-durations");
        assertRejected(ns, "{\"interval\":\"0s\"}", "spec.interval", "should match");
        assertRejected(ns, "{\"interval\":\"0m0s\"}", "spec.interval", "should match");
        assertRejected(ns, "{\"resolveAfter\":\"0s\"}", "spec.resolveAfter", "should match");
        assertRejected(ns, "{\"resolveAfter\":\"59s\"}", "spec.resolveAfter", "should match");
        client.resource(audit(ns, "a", "{\"interval\":\"1s\",\"resolveAfter\":\"60s\"}")).create();
        client.resource(audit(ns, "b", "{\"interval\":\"0m5s\",\"resolveAfter\":\"1m\"}")).create();
        client.resource(audit(ns, "c", "{\"resolveAfter\":\"1d\"}")).create();
    }

    private static void assertRejected(String ns, String specJson, String field, String explanation) {
        assertThatThrownBy(() -> client.resource(audit(ns, "bad", specJson)).create())
                .as("spec %s", specJson.length() > 200 ? specJson.substring(0, 200) : specJson)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(field).contains(explanation);
                });
    }

    private static String audit(String ns, String name, String specJson) {
        return "{\"apiVersion\":\"dockmedic.io/v1alpha1\",\"kind\":\"LogAudit\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + ns + "\"},\"spec\":" + specJson + "}";
    }
}
