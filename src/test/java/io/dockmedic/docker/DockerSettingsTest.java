package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void readsTheSameVariablesAsTheDockerCli(@TempDir Path certs) throws IOException {
        for (String file : DockerSettings.TLS_FILES) {
            Files.writeString(certs.resolve(file), "pem");
        }
        DockerSettings settings = DockerSettings.fromEnvironment(Map.of(
                "DOCKER_HOST", "tcp://docker.example:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certs.toString(),
                "DOCKMEDIC_DOCKER_READ_TIMEOUT", "5"));

        assertThat(settings.host()).isEqualTo("tcp://docker.example:2376");
        assertThat(settings.tlsVerify()).isTrue();
        assertThat(settings.certPath()).isEqualTo(certs.toString());
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
                .hasMessage("DOCKMEDIC_DOCKER_READ_TIMEOUT must be a whole number of seconds from 1 to 86400, not 'soon'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999", "9223372036854775807", "99999999999999999999", "0", "-5"})
    void aTimeoutThatWouldOverflowIsRefusedWithTheVariableNamed(String value) {
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKMEDIC_DOCKER_CONNECT_TIMEOUT", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DOCKMEDIC_DOCKER_CONNECT_TIMEOUT must be a whole number of seconds from 1 to 86400, not '"
                        + value + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp://127.0.0.1:2375x|is not a tcp://HOST:PORT address",
        "tcp://127.0.0.1|is not a tcp://HOST:PORT address",
        "tcp://127.0.0.1:99999|is not a tcp://HOST:PORT address",
        "tcp://127.0.0.1:2375/v1.41|is not a tcp://HOST:PORT address",
        "npipe:////./pipe/docker_engine|is a Windows named pipe",
        "http://127.0.0.1:2375|is not supported: use tcp://HOST:PORT",
        "https://127.0.0.1:2376|is not supported: use tcp://HOST:PORT",
        "ssh://user@host|is not supported",
        "unix://|use unix:///",
        "unix://relative.sock|is not a socket path",
        "docker.sock|is not supported",
        "tcp://[::1|is not a valid address"})
    void aBadDockerHostIsOneLineNamingTheSetting(String host, String why) {
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", host)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DOCKER_HOST '" + host + "' ")
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void goodHostsAreAccepted() {
        for (String host : new String[] {"unix:///var/run/docker.sock", "tcp://127.0.0.1:2375", "tcp://[::1]:2376",
                "tcp://docker.example:2376/"}) {
            assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", host)).host()).isEqualTo(host);
        }
    }

    @Test
    void tlsWithoutCertificatesIsRefusedNamingWhatIsMissing(@TempDir Path certs) throws IOException {
        Files.writeString(certs.resolve("ca.pem"), "pem");
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376",
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString())))
                .hasMessage("DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH '" + certs + "' has no readable cert.pem "
                        + "(it needs ca.pem, cert.pem, key.pem)");
    }
}
