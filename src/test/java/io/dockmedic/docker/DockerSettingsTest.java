package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {

    @Test
    void withoutEnvironmentItUsesTheLocalSocketAndBoundedTimeouts() {
        DockerSettings settings = DockerSettings.fromEnvironment(Map.of());

        assertThat(settings.host()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(settings.tlsVerify()).isFalse();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsTheSameVariablesAsTheDockerCli() {
        DockerSettings settings = DockerSettings.fromEnvironment(Map.of(
                "DOCKER_HOST", "tcp://docker.example:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs",
                "DOCKMEDIC_DOCKER_READ_TIMEOUT", "5"));

        assertThat(settings.host()).isEqualTo("tcp://docker.example:2376");
        assertThat(settings.tlsVerify()).isTrue();
        assertThat(settings.certPath()).isEqualTo("/certs");
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tlsVerifySetToZeroOrFalseMeansOff() {
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0")).tlsVerify()).isFalse();
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "false")).tlsVerify()).isFalse();
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "")).tlsVerify()).isFalse();
    }

    @Test
    void aTimeoutThatIsNotAPositiveNumberIsAClearError() {
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKMEDIC_DOCKER_READ_TIMEOUT", "soon")))
                .hasMessage("DOCKMEDIC_DOCKER_READ_TIMEOUT must be a positive number of seconds, not 'soon'");
    }
}
