package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private final CommandRun cli = new CommandRun();

    @Test
    void helpNamesTheFilesAndOptions() {
        assertThat(cli.execute("report", "--help")).isZero();

        assertThat(cli.out()).contains("--output", "-n, --namespace", "-A, --all-namespaces", "--kubeconfig",
                "--format", "remediation_log.json", "remediation_progress.log", "learnings/docker_remediation.xml");
    }

    @Test
    void anUnreachableApiServerIsOneClearLineExitCodeTwoAndNoFile(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: https://127.0.0.1:%d
                contexts:
                - name: gone
                  context:
                    cluster: gone
                    user: nobody
                    namespace: shop
                current-context: gone
                users:
                - name: nobody
                  user:
                    token: none
                """.formatted(closedPort));
        Path out = dir.resolve("out");

        int exit = cli.execute("report", "--output", out.toString(), "--kubeconfig", kubeconfig.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith(
                "dockmedic report: cannot reach the Kubernetes API server at https://127.0.0.1:" + closedPort)
                .doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnreadableKubeconfigIsOneLineAndExitCodeTwo(@TempDir Path dir) {
        int exit = cli.execute("report", "--output", dir.toString(), "--kubeconfig", dir.resolve("none").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("dockmedic report: cannot read the Kubernetes configuration: cannot read")
                .doesNotContain("\n");
    }

    @Test
    void oneNamespaceAndAllNamespacesCannotBeCombined(@TempDir Path dir) {
        assertThat(cli.execute("report", "--output", dir.toString(), "-n", "shop", "-A")).isEqualTo(2);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void anUnknownFormatIsAUsageError(@TempDir Path dir) {
        assertThat(cli.execute("report", "--output", dir.toString(), "--format", "yaml")).isEqualTo(2);
        assertThat(cli.err()).contains("--format", "yaml", "xml, json");
    }

    @Test
    void theOutputFolderIsRequired() {
        assertThat(cli.execute("report")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--output=DIR'");
    }
}
