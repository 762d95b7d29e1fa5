package io.dockmedic.cli;

import io.dockmedic.agents.AgentTaskException;
import io.dockmedic.agents.AgentTasks;
import io.dockmedic.mcp.AgentMcpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dockmedic mcp}: the agents' task operations as an MCP server on stdin/stdout. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {
            "Serves the RemediationTask protocol as Model Context Protocol tools over stdio (list_issues, claim_next, "
                    + "get_issue, renew, release, resolve), acting with the kubeconfig's credentials and so with its "
                    + "RBAC, or on a local state directory with --state. Only JSON-RPC is written to stdout; "
                    + "diagnostics go to stderr. Stops when stdin closes.",
            "Add it to an agent's MCP configuration as the command: dockmedic mcp --agent NAME"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stdin closed", "2:bad option, unreadable kubeconfig, missing or unreadable state directory"})
public final class McpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KubeOptions kube;

    @Mixin
    StateOption state;

    @Option(names = "--agent", paramLabel = "NAME", defaultValue = "${env:DOCKMEDIC_AGENT}",
            description = "The agent's name, recorded in its claims (default: $DOCKMEDIC_AGENT).")
    String agent;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (agent == null || agent.isBlank()) {
            err.println("dockmedic mcp: --agent NAME is required (or set $DOCKMEDIC_AGENT)");
            err.flush();
            return 2;
        }
        KubernetesClient client = null;
        AgentTasks tasks;
        try {
            if (state.given()) {
                tasks = state.open(kube, warning -> {
                    err.println("dockmedic mcp: warning: " + warning);
                    err.flush();
                });
            } else {
                Config config = kube.config();
                client = KubeOptions.client(config);
                tasks = new AgentTasks(client, kube.namespace(config), Clock.systemUTC());
            }
        } catch (AgentTaskException e) {
            err.println("dockmedic mcp: " + e.getMessage());
            err.flush();
            return 2;
        }
        // The protocol owns stdout: anything else that prints there (a library, a stray println) goes to stderr.
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        PrintStream previous = System.out;
        System.setOut(System.err);
        CountDownLatch stdinClosed = new CountDownLatch(1);
        try {
            AgentMcpServer tools = new AgentMcpServer(tasks, agent.strip());
            String version = McpCommand.class.getPackage().getImplementationVersion();
            McpSyncServer server = tools.start(new EndAware(new FileInputStream(FileDescriptor.in), stdinClosed),
                    stdout, version == null ? "development" : version);
            stdinClosed.await();
            server.closeGracefully();
            return 0;
        } finally {
            System.setOut(previous);
            if (client != null) {
                client.close();
            }
        }
    }

    /** Stdin that says when it reached its end: the client has gone, so the server stops. */
    private static final class EndAware extends FilterInputStream {
        private final CountDownLatch ended;

        EndAware(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended.countDown();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended.countDown();
            }
            return n;
        }
    }
}
