package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
    void aMissingCrdIsOneLineSayingHowToInstallIt(@TempDir Path dir) throws IOException {
        HttpServer server = answering(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
                + "\"code\":404}");
        try {
            int exit = cli.execute("report", "--output", dir.resolve("out").toString(), "-n", "shop",
                    "--kubeconfig", kubeconfig(dir, "http://127.0.0.1:" + server.getAddress().getPort()).toString());

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err().strip()).isEqualTo("dockmedic report: the CRD remediationtasks.dockmedic.io is not "
                    + "installed on http://127.0.0.1:" + server.getAddress().getPort() + "/: kubectl apply -f crds/");
            assertThat(dir.resolve("out")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aForbiddenListIsOneLineWithTheServersReason(@TempDir Path dir) throws IOException {
        String reason = "remediationtasks.dockmedic.io is forbidden: User \\\"system:serviceaccount:shop:bot\\\" "
                + "cannot list resource \\\"remediationtasks\\\" in API group \\\"dockmedic.io\\\" at the cluster scope";
        HttpServer server = answering(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"" + reason + "\",\"reason\":\"Forbidden\",\"code\":403}");
        try {
            int exit = cli.execute("report", "--output", dir.resolve("out").toString(), "-A",
                    "--kubeconfig", kubeconfig(dir, "http://127.0.0.1:" + server.getAddress().getPort()).toString());

            assertThat(exit).isEqualTo(2);
            assertThat(cli.err().strip()).startsWith("dockmedic report: not allowed to list RemediationTasks in any "
                    + "namespace on http://127.0.0.1:").endsWith("cannot list resource \"remediationtasks\" in API "
                    + "group \"dockmedic.io\" at the cluster scope").doesNotContain("\n");
            assertThat(dir.resolve("out")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    /** An HTTP server on loopback that answers every request with {@code status} and {@code body}. */
    private static HttpServer answering(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Path kubeconfig(Path dir, String server) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig-" + Math.abs(server.hashCode())), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                contexts:
                - name: c
                  context:
                    cluster: c
                    user: u
                current-context: c
                users:
                - name: u
                  user:
                    token: t
                """.formatted(server));
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
