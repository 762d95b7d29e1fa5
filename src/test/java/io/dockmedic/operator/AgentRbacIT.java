package io.dockmedic.operator;

import static io.dockmedic.operator.AgentFixtures.dockmedic;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.operator.AgentFixtures.Run;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/agent-clusterrole.yaml bound with deploy/examples/agent-rolebinding.yaml, on the real kube-apiserver
 * with RBAC on, as the impersonated user coding-agent: enough for the protocol (with dockmedic and with kubectl
 * alone), and nothing more.
 */
class AgentRbacIT extends WithApiServer {

    private static final String AGENT = "coding-agent";

    @Test
    void theAgentRoleCanClaimAndResolveAndNothingElse(@TempDir Path dir) {
        assertThat(api.kubectl("kustomize", "deploy/")).contains("name: dockmedic-agent");
        assertThat(api.kubectl("apply", "-f", "deploy/agent-clusterrole.yaml"))
                .contains("clusterrole.rbac.authorization.k8s.io/dockmedic-agent created");
        String ns = api.namespace("dmop-agent-rbac");
        String unbound = api.namespace("dmop-agent-unbound");
        assertThat(api.kubectl("apply", "-n", ns, "-f", "deploy/examples/agent-rolebinding.yaml"))
                .contains("rolebinding.rbac.authorization.k8s.io/dockmedic-agent created");
        KubernetesTaskStore operator = KubernetesTaskStore.forOperator(client, ns);
        AgentFixtures.openTask(operator, "db-1", Severity.HIGH, Instant.now(), "FATAL db down");
        StoredTask kubectlTask = AgentFixtures.openTask(operator, "db-2", Severity.LOW, Instant.now(), "WARN");
        AgentFixtures.openTask(KubernetesTaskStore.forOperator(client, unbound), "db-3", Severity.LOW, Instant.now(),
                "WARN");
        String kubeconfig = AgentFixtures.kubeconfig(api, dir).toString();

        Run next = dockmedic("tasks", "next", "--agent", AGENT, "--kubeconfig", kubeconfig, "--as", AGENT, "-n", ns);
        Run resolve = dockmedic("tasks", "resolve", "db-1", "--agent", AGENT, "--summary", "fixed",
                "--kubeconfig", kubeconfig, "--as", AGENT, "-n", ns);
        Run elsewhere = dockmedic("tasks", "list", "--kubeconfig", kubeconfig, "--as", AGENT, "-n", unbound);

        assertThat(next.code()).as(next.err()).isZero();
        assertThat(next.out()).contains("\"name\" : \"db-1\"");
        assertThat(resolve.code()).as(resolve.err()).isZero();
        assertThat(client.resources(RemediationTask.class).inNamespace(ns).withName("db-1").get().getStatus().phase())
                .isEqualTo(TaskPhase.Fixed);
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).isEqualTo("dockmedic tasks list: forbidden: the agent's account may not list "
                + "remediationtasks in namespace " + unbound + System.lineSeparator());

        // The protocol with kubectl alone: a claim carries the resourceVersion it decided from.
        String claim = "{\"metadata\":{\"resourceVersion\":\"" + kubectlTask.version() + "\"},\"status\":{\"phase\":"
                + "\"Claimed\",\"claim\":{\"agent\":\"" + AGENT + "\",\"claimedAt\":\"2026-01-01T00:00:00Z\","
                + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}}}";
        assertThat(asAgent("patch", "issue", "db-2", "-n", ns, "--subresource=status", "--type=merge", "-p", claim))
                .contains("remediationtask.dockmedic.io/db-2 patched");
        assertThat(asAgent("patch", "issue", "db-2", "-n", ns, "--subresource=status", "--type=merge", "-p",
                claim.replace(AGENT, "second-agent"))).contains("Conflict", "the object has been modified");

        assertThat(asAgent("delete", "issue", "db-2", "-n", ns)).contains("forbidden", "cannot delete");
        assertThat(asAgent("patch", "issue", "db-2", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"severity\":\"LOW\"}}")).contains("forbidden", "cannot patch");
        assertThat(asAgent("get", "logaudits", "-n", ns)).contains("forbidden", "cannot list");
        assertThat(asAgent("create", "secret", "generic", "x", "-n", ns, "--from-literal=a=b"))
                .contains("forbidden", "cannot create");
        assertThat(asAgent("get", "secrets", "-n", ns)).contains("forbidden", "cannot list");
        assertThat(asAgent("get", "configmaps", "-n", ns)).contains("forbidden", "cannot list");
        assertThat(api.kubectl("auth", "can-i", "--list", "--as", AGENT, "-n", ns))
                .contains("remediationtasks.dockmedic.io", "remediationtasks.dockmedic.io/status");
        assertThat(client.resources(RemediationTask.class).inNamespace(ns).withName("db-2").get().getStatus().claim()
                .agent()).isEqualTo(AGENT);
    }

    private static String asAgent(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--as";
        all[args.length + 1] = AGENT;
        return api.kubectl(all);
    }
}
