package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic tasks} without an API server: usage errors and unreachable servers are one line and exit 2. */
class TasksCommandTest {

    @TempDir
    Path dir;

    /** A kubeconfig pointing at a loopback port nothing listens on. */
    private Path deadKubeconfig() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: dead
                  cluster:
                    server: https://127.0.0.1:%d
                contexts:
                - name: dead
                  context: {cluster: dead, user: agent, namespace: shop}
                current-context: dead
                users:
                - name: agent
                  user: {token: abc}
                """.formatted(port));
        return file;
    }

    @Test
    void anUnreachableApiServerIsOneLineAndExitCode2() throws IOException {
        CommandRun cli = new CommandRun();
        int code = cli.execute("tasks", "next", "--agent", "a", "--kubeconfig", deadKubeconfig().toString());

        assertThat(code).as(cli.err()).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).startsWith("dockmedic tasks next: cannot reach the Kubernetes API server at https://127.0.0.1:")
                .hasLineCount(1);
    }

    @Test
    void aMissingKubeconfigIsOneLineAndExitCode2() {
        CommandRun cli = new CommandRun();
        int code = cli.execute("tasks", "list", "--kubeconfig", dir.resolve("missing").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("dockmedic tasks list: cannot read the kubeconfig " + dir.resolve("missing")
                + " (NoSuchFileException)" + System.lineSeparator());
    }

    @Test
    void badArgumentsAreRefusedBeforeTheServerIsAsked() throws IOException {
        String kubeconfig = deadKubeconfig().toString();
        CommandRun lease = new CommandRun();
        assertThat(lease.execute("tasks", "next", "--agent", "a", "--lease", "2days", "--kubeconfig", kubeconfig))
                .isEqualTo(2);
        assertThat(lease.err()).contains("--lease").hasLineCount(1);

        CommandRun tooLong = new CommandRun();
        assertThat(tooLong.execute("tasks", "claim", "x", "--agent", "a", "--lease", "25h", "--kubeconfig", kubeconfig))
                .isEqualTo(2);
        assertThat(tooLong.err()).contains("at most 24h");

        CommandRun noAgent = new CommandRun();
        assertThat(noAgent.execute("tasks", "renew", "x", "--kubeconfig", kubeconfig)).isEqualTo(2);
        assertThat(noAgent.err()).contains("--agent NAME is required");

        CommandRun phase = new CommandRun();
        assertThat(phase.execute("tasks", "list", "--phase", "Open,Sleeping", "--kubeconfig", kubeconfig)).isEqualTo(2);
        assertThat(phase.err()).contains("unknown phase Sleeping");

        CommandRun output = new CommandRun();
        assertThat(output.execute("tasks", "list", "-o", "yaml", "--kubeconfig", kubeconfig)).isEqualTo(2);
        assertThat(output.err()).contains("-o must be table, wide or json");

        CommandRun summary = new CommandRun();
        assertThat(summary.execute("tasks", "resolve", "x", "--agent", "a", "--kubeconfig", kubeconfig)).isEqualTo(2);
        assertThat(summary.err()).contains("--summary");
    }
}
