package io.dockmedic.operator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.docker.DockerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEndpointsTest {

    private static final AuditAccess ANYWHERE = new AuditAccess(Set.of(AuditAccess.ANY_HOST),
            AuditAccess.ContainerScope.ALL);

    @TempDir
    Path certs;

    // What the deploy/ ConfigMap and TLS Secret put in the operator's environment.
    private DockerSettings operatorEngine() throws Exception {
        for (String file : DockerSettings.TLS_FILES) {
            Files.writeString(certs.resolve(file), "material");
        }
        return DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.12:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certs.toString(), "DOCKMEDIC_DOCKER_READ_TIMEOUT", "90"));
    }

    @Test
    void anAuditWithoutDockerHostGetsTheOperatorsEngineWithItsTls() throws Exception {
        DockerSettings defaults = operatorEngine();
        try (DockerEndpoints endpoints = new DockerEndpoints(null, defaults, ANYWHERE)) {
            DockerSettings engine = endpoints.settings("shop", null, null);

            assertThat(engine.host()).isEqualTo("tcp://10.0.0.12:2376");
            assertThat(engine.tlsVerify()).isTrue();
            assertThat(engine.certPath()).isEqualTo(certs.toString());
            assertThat(engine.readTimeout()).isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Test
    void anAuditNamingItsOwnHostWithoutTlsSecretGetsThatHostInPlainWithTheOperatorsTimeouts() throws Exception {
        try (DockerEndpoints endpoints = new DockerEndpoints(null, operatorEngine(), ANYWHERE)) {
            DockerSettings engine = endpoints.settings("shop", "unix:///run/other/docker.sock", null);

            assertThat(engine.host()).isEqualTo("unix:///run/other/docker.sock");
            assertThat(engine.tlsVerify()).as("the operator's certificates are for its own engine only").isFalse();
            assertThat(engine.readTimeout()).isEqualTo(Duration.ofSeconds(90));
        }
    }
}
