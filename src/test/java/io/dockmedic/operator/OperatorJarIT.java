package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.docker.DockerFixture;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar: {@code java -jar target/dockmedic.jar operator} works and stops cleanly on SIGTERM. */
class OperatorJarIT {

    @Test
    void theJarRunsTheOperatorUntilItIsTerminated(@TempDir Path dir) throws Exception {
        try (TestApiServer api = TestApiServer.start(); DockerFixture docker = new DockerFixture()) {
            String ns = api.namespace("dmop-jar");
            Path output = dir.resolve("operator.log");
            Process operator = startJar(api, ns, dir);
            try {
                String container = "dmop-jar-" + UUID.randomUUID().toString().substring(0, 8);
                // The operator runs with its default scope: the container is labelled for the audit's namespace.
                docker.run(container, cmd -> cmd.withLabels(Map.of(AuditAccess.NAMESPACE_LABEL, ns)), "sh", "-c",
                        "echo 'FATAL: could not open configuration file'; exit 1");
                LogAudit audit = new LogAudit();
                audit.setMetadata(new ObjectMetaBuilder().withName("jar").withNamespace(ns).build());
                audit.setSpec(api.client().getKubernetesSerialization().unmarshal(
                        "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}", LogAuditSpec.class));
                api.client().resources(LogAudit.class).inNamespace(ns).resource(audit).create();

                await().atMost(Duration.ofSeconds(60)).until(() -> api.client().resources(RemediationTask.class)
                        .inNamespace(ns).list().getItems().stream()
                        .anyMatch(t -> "state.exited".equals(t.getSpec().ruleId()) && t.getStatus() != null));
            } finally {
                operator.destroy(); // SIGTERM
                assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(log).contains("dockmedic operator jar-1: watching namespaces [" + ns + "] (Docker hosts unix:///var/run/docker.sock, containers labelled "
                    + "dockmedic.io/namespace=<the LogAudit's namespace>), Lease " + ns
                    + "/dockmedic-operator");
            assertThat(operator.exitValue()).as("the exit code --help documents:%n%s", log).isEqualTo(143);
        }
    }

    @Test
    void aReplicaWhoseLeaseIsTakenExitsInsteadOfActingOn(@TempDir Path dir) throws Exception {
        try (TestApiServer api = TestApiServer.start()) {
            String ns = api.namespace("dmop-lease");
            Path output = dir.resolve("operator.log");
            Process operator = startJar(api, ns, dir);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> holder(api, ns), "jar-1"::equals);

                // Another replica takes the Lease over (as after a network partition that outlasted it).
                String taken = "{\"spec\":{\"holderIdentity\":\"jar-2\",\"renewTime\":\""
                        + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5)
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"))
                        + "\",\"leaseDurationSeconds\":600}}";
                api.kubectl("patch", "lease", OperatorSettings.LEASE_NAME, "-n", ns, "--type=merge", "-p", taken);

                boolean exited = operator.waitFor(60, TimeUnit.SECONDS);
                String log = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(exited).as("exits after losing the Lease:%n%s", log).isTrue();
                assertThat(operator.exitValue()).isEqualTo(1);
                assertThat(log).contains("Lost the Lease " + ns + "/dockmedic-operator");
            } finally {
                operator.destroyForcibly();
            }
        }
    }

    /** Runs the shipped jar's operator as replica jar-1 for {@code ns}; what it prints goes to dir/operator.log. */
    private static Process startJar(TestApiServer api, String ns, Path dir) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, api.kubectl("config", "view", "--raw"));
        return new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar",
                "target/dockmedic.jar", "operator", "--kubeconfig", kubeconfig.toString(), "--namespace", ns,
                "--lease-namespace", ns, "--identity", "jar-1", "--metrics-port", "-1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("operator.log").toFile()).start();
    }

    private static String holder(TestApiServer api, String ns) {
        var lease = api.client().leases().inNamespace(ns).withName(OperatorSettings.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
}
