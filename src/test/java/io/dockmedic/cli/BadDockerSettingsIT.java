package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped jar with a bad Docker setting in its environment: one line naming the setting on stderr and
 * exit code 2 (not a stack trace and the --fail-on code 1), for {@code scan} and {@code operator} alike.
 */
class BadDockerSettingsIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DOCKER_HOST|tcp://127.0.0.1:2375x|DOCKER_HOST 'tcp://127.0.0.1:2375x' is not a tcp://HOST:PORT address",
        "DOCKER_HOST|npipe:////./pipe/docker_engine|DOCKER_HOST 'npipe:////./pipe/docker_engine' is a Windows named pipe",
        "DOCKER_HOST|http://127.0.0.1:2375|DOCKER_HOST 'http://127.0.0.1:2375' is not supported",
        "DOCKER_HOST|ssh://me@host|DOCKER_HOST 'ssh://me@host' is not supported",
        "DOCKMEDIC_DOCKER_READ_TIMEOUT|9223372036854775807|DOCKMEDIC_DOCKER_READ_TIMEOUT must be a whole number",
        "DOCKMEDIC_DOCKER_CONNECT_TIMEOUT|99999999999999999999|DOCKMEDIC_DOCKER_CONNECT_TIMEOUT must be a whole number",
        "DOCKER_TLS_VERIFY|1|DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH"})
    void aBadSettingIsOneLineAndExitCodeTwo(String variable, String value, String message, @TempDir Path dir)
            throws Exception {
        for (String command : new String[] {"scan", "operator"}) {
            Path err = dir.resolve(command + ".err");
            List<String> line = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                    "target/dockmedic.jar", command));
            line.addAll(command.equals("scan") ? List.of("--output", dir.toString())
                    : List.of("--metrics-port", "-1", "--kubeconfig", dir.resolve("missing-kubeconfig").toString()));
            ProcessBuilder builder = new ProcessBuilder(line).redirectError(err.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("DOCKER_") || k.startsWith("DOCKMEDIC_"));
            env.put("DOCKER_CERT_PATH", dir.resolve("no-certs").toString());
            env.put(variable, value);
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();

            assertThat(process.exitValue()).as("%s with %s=%s: %s", command, variable, value, stderr).isEqualTo(2);
            assertThat(stderr).as(command).contains(message).doesNotContain("\n").doesNotContain("Exception");
        }
    }
}
