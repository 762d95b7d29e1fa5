package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OperatorCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void helpNamesTheOptionsAnOperatorUserNeeds() {
        assertThat(run("operator", "--help")).isZero();

        assertThat(out.toString()).contains("--namespace", "--metrics-port", "--[no-]leader-election",
                "--lease-namespace", "kubectl apply -f crds/");
    }

    @Test
    void anUnreachableApiServerIsOneClearLineAndExitCodeTwo(@TempDir Path dir) throws IOException {
        int closedPort = closedPort();
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort);

        int exit = run("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", "-1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith(
                "dockmedic operator: cannot reach the Kubernetes API server at https://127.0.0.1:" + closedPort)
                .doesNotContain("\n");
    }

    @Test
    void aMetricsPortInUseIsOneClearLineReportedBeforeTheApiServer(@TempDir Path dir) throws IOException {
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort());
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            int exit = run("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", String.valueOf(port));

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("dockmedic operator: cannot listen for /metrics on port " + port
                    + ": address already in use" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void aFreeMetricsPortIsGivenBackWhenTheApiServerIsUnreachable(@TempDir Path dir) throws IOException {
        int port = closedPort();
        Path kubeconfig = kubeconfig(dir, "https://127.0.0.1:" + closedPort());

        assertThat(run("operator", "--kubeconfig", kubeconfig.toString(), "--metrics-port", String.valueOf(port)))
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
        assertThat(run("operator", "--metrics-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--metrics-port must be a port (0-65535) or -1, not 70000");
    }
}
