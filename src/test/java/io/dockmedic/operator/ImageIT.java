package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.docker.DockerFixture;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.docker.AuditAccess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image built from the repository's Dockerfile (scripts/image.sh --local: the same Dockerfile on
 * local Debian bases) runs {@code scan} against the host engine's socket and {@code operator} against
 * a real kube-apiserver, as its non-root user with the socket's group and a read-only root filesystem.
 */
class ImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "dmtest/dockmedic-image:" + RUN;
    private static final String SOCKET = "/var/run/docker.sock";

    @BeforeAll
    static void buildImage() throws Exception {
        if (run(Duration.ofSeconds(30), "docker", "image", "inspect", "dockmedic-test/debian:bookworm").exit() != 0) {
            Result images = run(Duration.ofMinutes(20), "scripts/test-images.sh");
            assertThat(images.exit()).as("scripts/test-images.sh failed:%n%s", images.output()).isZero();
        }
        Result build = run(Duration.ofMinutes(25), "scripts/image.sh", "--local", IMAGE);
        assertThat(build.exit()).as("scripts/image.sh --local %s failed:%n%s", IMAGE, tail(build.output())).isZero();
    }

    @AfterAll
    static void removeImage() throws Exception {
        run(Duration.ofMinutes(1), "docker", "rmi", "-f", IMAGE);
    }

    @Test
    void theImageDescribesItselfAndRunsAsItsOwnUser() throws Exception {
        Result labels = run(Duration.ofSeconds(30), "docker", "image", "inspect", "--format",
                "{{json .Config.Labels}} {{.Config.User}} {{json .Config.Healthcheck.Test}}", IMAGE);
        assertThat(labels.output()).contains("\"org.opencontainers.image.version\":\"" + pomVersion() + "\"",
                "\"org.opencontainers.image.licenses\":\"Apache-2.0\"", "\"org.opencontainers.image.source\":",
                " 10001:10001 ", "/healthz");

        Result version = run(Duration.ofMinutes(1), "docker", "run", "--rm", IMAGE, "version");
        String commit = run(Duration.ofSeconds(30), "git", "rev-parse", "--short=12", "HEAD").output().strip();
        assertThat(version.output().strip()).as("built without .git, stamped from the build argument")
                .isEqualTo("dockmedic " + pomVersion() + " (commit " + commit + ")");
        assertThat(labels.output()).contains("\"org.opencontainers.image.revision\":\"" + commit + "\"");

        Result help = run(Duration.ofMinutes(1), "docker", "run", "--rm", IMAGE);
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("Usage: dockmedic", "scan", "operator");

        // -Xshare:on fails instead of falling back: the archive maps onto this image's JVM and jar.
        Result cds = run(Duration.ofMinutes(1), "docker", "run", "--rm", "--entrypoint", "java", IMAGE,
                "-XX:SharedArchiveFile=/opt/dockmedic/dockmedic.jsa", "-Xshare:on", "-jar",
                "/opt/dockmedic/dockmedic.jar", "--help");
        assertThat(cds.exit()).as(cds.output()).isZero();
    }

    @Test
    void scanInTheImageReportsTheErrorOfALabelledContainerThroughTheMountedSocket(@TempDir Path reports)
            throws Exception {
        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (DockerFixture docker = new DockerFixture()) {
            String name = "dmtest-image-scan-" + RUN;
            docker.runToExit(name, cmd -> cmd.withLabels(Map.of("io.dockmedic.image-it", RUN)), "sh", "-c",
                    "echo 'FATAL: could not open configuration file /etc/app/app.conf'; exit 1");

            Result scan = run(Duration.ofMinutes(2), "docker", "run", "--rm", "--read-only",
                    "--group-add", socketGroup(), "-v", SOCKET + ":" + SOCKET, "-v", reports + ":/reports",
                    IMAGE, "scan", "--label", "io.dockmedic.image-it=" + RUN, "--since", "1h");

            assertThat(scan.exit()).as(scan.output()).isZero();
            JsonNode report = JSON.readTree(reports.resolve("docker_audit_report.json").toFile());
            List<JsonNode> issues = report.get("issues").findParents("container");
            assertThat(issues).allSatisfy(i -> assertThat(i.get("container").asText()).isEqualTo(name));
            assertThat(issues).anySatisfy(i -> {
                assertThat(i.get("source").asText()).isEqualTo("log");
                assertThat(i.get("log_excerpt").asText()).contains("could not open configuration file");
            });
            assertThat(issues).anySatisfy(i -> assertThat(i.get("source").asText()).isEqualTo("state"));
            assertThat(reports.resolve("remediation_plan.json")).exists();
            assertThat(Files.getAttribute(reports.resolve("docker_audit_report.json"), "unix:uid"))
                    .as("written by the image's non-root user").isEqualTo(10001);
        }
    }

    @Test
    void withoutTheSocketsGroupTheScanSaysWhyItCannotReachDocker() throws Exception {
        Result scan = run(Duration.ofMinutes(2), "docker", "run", "--rm", "-v", SOCKET + ":" + SOCKET, IMAGE,
                "scan", "--label", "io.dockmedic.image-it=" + RUN);
        assertThat(scan.exit()).isEqualTo(2);
        assertThat(scan.output()).contains("cannot reach Docker at unix:///var/run/docker.sock: permission denied");
    }

    @Test
    void theOperatorInTheImageTurnsAContainersIssueIntoARemediationTaskAndReportsHealthy(@TempDir Path dir)
            throws Exception {
        String container = "dmtest-image-op-" + RUN;
        String operator = "dmtest-image-operator-" + RUN;
        try (TestApiServer api = TestApiServer.start(); DockerFixture docker = new DockerFixture()) {
            String ns = api.namespace("dmop-image");
            Path kubeconfig = dir.resolve("kubeconfig.yaml");
            // --flatten: certificates inline, so the one mounted file is all the container needs.
            Files.writeString(kubeconfig, api.kubectl("config", "view", "--raw", "--flatten"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
            int port = freePort();
            Result started = run(Duration.ofMinutes(1), "docker", "run", "-d", "--name", operator, "--network", "host",
                    "--read-only", "--tmpfs", "/tmp", "--group-add", socketGroup(), "-v", SOCKET + ":" + SOCKET,
                    "-v", kubeconfig + ":/config/kubeconfig:ro", "-e", "DOCKMEDIC_METRICS_PORT=" + port,
                    "--health-interval", "2s", IMAGE, "operator", "--kubeconfig", "/config/kubeconfig",
                    "--namespace", ns, "--lease-namespace", ns, "--identity", "image-1");
            assertThat(started.exit()).as(started.output()).isZero();
            try {
                // The operator runs with its default scope: the container is labelled for the audit's namespace.
                docker.run(container, cmd -> cmd.withLabels(Map.of(AuditAccess.NAMESPACE_LABEL, ns)), "sh", "-c",
                        "echo 'FATAL: could not open configuration file'; exit 1");
                LogAudit audit = new LogAudit();
                audit.setMetadata(new ObjectMetaBuilder().withName("image").withNamespace(ns).build());
                audit.setSpec(api.client().getKubernetesSerialization().unmarshal(
                        "{\"selector\":{\"names\":[\"" + container + "\"]},\"interval\":\"2s\"}", LogAuditSpec.class));
                api.client().resources(LogAudit.class).inNamespace(ns).resource(audit).create();

                await().atMost(Duration.ofSeconds(90)).until(() -> api.client().resources(RemediationTask.class)
                        .inNamespace(ns).list().getItems().stream()
                        .anyMatch(t -> "state.exited".equals(t.getSpec().ruleId()) && t.getStatus() != null));
                await("the image's HEALTHCHECK passes").atMost(Duration.ofSeconds(60)).until(() -> run(
                        Duration.ofSeconds(30), "docker", "inspect", "--format", "{{.State.Health.Status}}", operator)
                        .output().strip(), "healthy"::equals);
            } finally {
                Result stop = run(Duration.ofMinutes(1), "docker", "stop", "-t", "30", operator);
                Result logs = run(Duration.ofMinutes(1), "docker", "logs", operator);
                Result exit = run(Duration.ofSeconds(30), "docker", "inspect", "--format", "{{.State.ExitCode}}",
                        operator);
                run(Duration.ofMinutes(1), "docker", "rm", "-f", operator);
                assertThat(stop.exit()).isZero();
                assertThat(logs.output()).contains("dockmedic operator image-1: watching namespaces [" + ns + "]");
                assertThat(exit.output().strip()).as("exit code after SIGTERM:%n%s", logs.output()).isIn("0", "143");
            }
        }
    }

    @Test
    void theComposeFileRunsTheWatchLoopOverItsProjectWithTasksAndReportsInItsVolume() throws Exception {
        String project = "dmtest-compose-" + RUN;
        String stack = "dmtest-stack-" + RUN;
        Path policy = Files.createTempFile("dockmedic-compose", ".yaml");
        Files.writeString(policy, Files.readString(Path.of("deploy/compose/dockmedic.yaml"))
                .replace("name: shop", "name: " + stack).replace("composeProject: shop", "composeProject: " + stack)
                .replace("interval: 30s", "interval: 3s"));
        // The image's user (uid 10001) reads the bind-mounted file; a temp file is owner-only by default.
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> compose = List.of("env", "DOCKMEDIC_IMAGE=" + IMAGE, "DOCKMEDIC_POLICY=" + policy,
                "DOCKER_GID=" + socketGroup(), "docker-compose", "-p", project, "-f", "deploy/compose/compose.yaml");
        try (DockerFixture docker = new DockerFixture()) {
            // A container of the stack beside it, as compose labels its own.
            String name = "dmtest-compose-app-" + RUN;
            docker.runToExit(name, cmd -> cmd.withLabels(Map.of("com.docker.compose.project", stack)), "sh", "-c",
                    "echo 'FATAL: could not open configuration file /etc/app/app.conf'; exit 1");
            Result up = run(Duration.ofMinutes(2), with(compose, "up", "-d", "--no-build"));
            assertThat(up.exit()).as(up.output()).isZero();

            try {
                await("a report in the volume").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> run(Duration.ofSeconds(30), "docker", "run", "--rm", "-v",
                                project + "_dockmedic-state:/r:ro", DockerFixture.image(), "cat",
                                "/r/docker_audit_report.json").output(),
                                out -> out.contains("\"container\" : \"" + name + "\""));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no report; the service printed:\n"
                        + run(Duration.ofMinutes(1), with(compose, "logs", "dockmedic")).output(), e);
            }
            JsonNode report = JSON.readTree(run(Duration.ofSeconds(30), "docker", "run", "--rm", "-v",
                    project + "_dockmedic-state:/r:ro", DockerFixture.image(), "cat", "/r/docker_audit_report.json")
                    .output());
            assertThat(report.get("issues").findValuesAsText("container")).containsOnly(name);
            assertThat(report.get("issues").findValuesAsText("log_excerpt"))
                    .anySatisfy(e -> assertThat(e).contains("could not open configuration file"));
            Result tasks = run(Duration.ofMinutes(1), with(compose, "exec", "-T", "dockmedic", "java", "-jar",
                    "/opt/dockmedic/dockmedic.jar", "tasks", "list", "--state", "/reports"));
            assertThat(tasks.output()).as("the loop's tasks, as an agent beside it sees them").contains(name);
            Result logs = run(Duration.ofMinutes(1), with(compose, "logs", "dockmedic"));
            assertThat(logs.output()).contains("LogAudit " + stack + ":", "IssueDetected");
        } finally {
            run(Duration.ofMinutes(2), with(compose, "down", "-v"));
            Files.deleteIfExists(policy);
        }
    }

    private static String[] with(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static String socketGroup() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of(SOCKET), "unix:gid"));
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        int artifact = pom.indexOf("<artifactId>dockmedic</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private record Result(int exit, String output) { }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        // Read on another thread: a build prints more than a pipe holds.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e);
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                    + ":\n" + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }
}
