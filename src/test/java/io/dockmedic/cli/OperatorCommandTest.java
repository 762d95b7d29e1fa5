package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCommandTest {

    private final CommandRun cli = new CommandRun();

    @Test
    void helpNamesTheOptionsAnOperatorUserNeeds() {
        assertThat(cli.execute("operator", "--help")).isZero();

        assertThat(cli.out()).contains("--namespace", "--metrics-port", "--[no-]leader-election",
                "--lease-namespace", "--allowed-docker-hosts", "--container-scope", "kubectl apply -f crds/");
        assertThat(cli.out()).as("what the process really returns on SIGTERM (OperatorJarIT)")
                .containsPattern("\\n  143 +stopped by SIGTERM").doesNotContainPattern("\\n  0 +stopped");
    }

    @Test
    void anUnreachableApiServerIsOneClearLineAndExitCodeTwo(@TempDir Path dir) throws IOException {
        int closedPort = closedPort();
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort);

        int exit = cli.execute("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", "-1");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith(
                "dockmedic operator: cannot reach the Kubernetes API server at https://127.0.0.1:" + closedPort)
                .doesNotContain("\n");
    }

    @Test
    void aMetricsPortInUseIsOneClearLineReportedBeforeTheApiServer(@TempDir Path dir) throws IOException {
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort());
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            int exit = cli.execute("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", String.valueOf(port));

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err()).isEqualTo("dockmedic operator: cannot listen for /metrics on port " + port
                    + ": address already in use" + System.lineSeparator());
            assertThat(cli.out()).isEmpty();
        }
    }

    @Test
    void aFreeMetricsPortIsGivenBackWhenTheApiServerIsUnreachable(@TempDir Path dir) throws IOException {
        int port = closedPort();
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort());

        assertThat(cli.execute("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", String.valueOf(port)))
                .isEqualTo(2);

        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path kubeconfig(Path dir, String server) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: %s
                contexts:
                - name: gone
                  context:
                    cluster: gone
                    user: nobody
                current-context: gone
                users:
                - name: nobody
                  user:
                    token: none
                """.formatted(server));
        return kubeconfig;
    }

    @Test
    void aMetricsPortOutOfRangeIsRejectedBeforeAnythingStarts() {
        assertThat(cli.execute("operator", "--metrics-port", "70000")).isEqualTo(2);
        assertThat(cli.err()).contains("--metrics-port must be a port (0-65535) or -1, not 70000");
    }

    @Test
    void aBadAccessSettingIsOneLineAndExitCodeTwoBeforeAnythingStarts() {
        assertThat(cli.execute("operator", "--metrics-port", "-1", "--allowed-docker-hosts", "tcp://a:1,npipe:////./pipe/x"))
                .isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("dockmedic operator: --allowed-docker-hosts "
                + "(DOCKMEDIC_ALLOWED_DOCKER_HOSTS) 'npipe:////./pipe/x' is a Windows named pipe").doesNotContain("\n");

        CommandRun again = new CommandRun();
        assertThat(again.execute("operator", "--metrics-port", "-1", "--container-scope", "cluster")).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("dockmedic operator: --container-scope (DOCKMEDIC_CONTAINER_SCOPE) "
                + "must be namespace-label or all, not 'cluster'");
    }
}
