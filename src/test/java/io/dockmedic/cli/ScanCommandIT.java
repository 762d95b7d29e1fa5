package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.dockmedic.docker.DockerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dockmedic scan} on the real Docker engine, through the command line as a user runs it. */
class ScanCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final DockerFixture docker = new DockerFixture();
    private final String run = "dmtest-scan-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> runLabel = Map.of("io.dockmedic.test.run", run);
    private final CommandRun cli = new CommandRun();

    @AfterEach
    void cleanUp() {
        docker.close();
    }

    private int scan(String... args) {
        List<String> all = new ArrayList<>(List.of("scan", "--label", "io.dockmedic.test.run=" + run,
                "--output", dir.toString()));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(dir.resolve("docker_audit_report.json").toFile());
    }

    /** The most urgent issue of this container from this source. */
    private JsonNode issueOf(JsonNode report, String container, String source) {
        return report.get("issues").findParents("container").stream()
                .filter(i -> i.get("container").asText().equals(container) && i.get("source").asText().equals(source))
                .findFirst().orElseThrow(() -> new AssertionError("no " + source + " issue for " + container + " in " + report));
    }

    private static String describe(JsonNode report) {
        StringBuilder text = new StringBuilder();
        report.get("issues").forEach(i -> text.append('\n').append(i.get("container").asText()).append(' ')
                .append(i.get("severity").asText()).append(' ').append(i.get("template").asText()));
        return text.toString();
    }

    @Test
    void aScanOfTheHostReportsLogFaultsOnceAndCrashedOomLoopingAndUnhealthyContainersFromState() throws IOException {
        String app = run + "-app";
        String crashed = run + "-crashed";
        String oom = run + "-oom";
        String loop = run + "-loop";
        String sick = run + "-sick";
        String quiet = run + "-quiet";
        long limit = 8L * 1024 * 1024;
        docker.runToExit(app, cmd -> cmd.withLabels(runLabel), "sh", "-c", """
                echo 'INFO server started, errors=0'
                for i in 1 2 3 4 5; do echo "ERROR connection to db:5432 refused (attempt $i)" >&2; done
                echo 'INFO shutdown completed'""");
        docker.runToExit(crashed, cmd -> cmd.withLabels(runLabel), "sh", "-c", "exit 3");
        docker.runToExit(oom, cmd -> cmd.withLabels(runLabel)
                .withHostConfig(HostConfig.newHostConfig().withMemory(limit).withMemorySwap(limit)),
                "sh", "-c", "head -c 100000000 /dev/zero | tail");
        docker.run(loop, cmd -> cmd.withLabels(runLabel)
                .withHostConfig(HostConfig.newHostConfig().withRestartPolicy(RestartPolicy.alwaysRestart())),
                "sh", "-c", "exit 1");
        docker.run(sick, cmd -> cmd.withLabels(runLabel).withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "echo 'db down'; exit 1"))
                        .withInterval(Duration.ofMillis(200).toNanos()).withRetries(1)),
                "sleep", "3600");
        docker.run(quiet, cmd -> cmd.withLabels(runLabel), "sh", "-c", "echo 'INFO all good'; sleep 3600");
        // Docker can record an exit before the kernel's OOM event reaches it: wait until it says OOMKilled.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                docker.inspect(loop).getRestartCount() >= 3
                        && "unhealthy".equals(docker.inspect(sick).getState().getHealth().getStatus())
                        && Boolean.TRUE.equals(docker.inspect(oom).getState().getOOMKilled()));

        int exit = scan("--fail-on", "CRITICAL");

        JsonNode report = report();
        assertThat(exit).as(cli.err()).isEqualTo(1);
        assertThat(report.get("summary").get("containers_analyzed").asInt()).isEqualTo(6);
        JsonNode refused = issueOf(report, app, "log");
        assertThat(refused.get("occurrences").asLong()).isEqualTo(5);
        assertThat(report.get("issues").findParents("container").stream()
                .filter(i -> i.get("container").asText().equals(app))).hasSize(1);
        assertThat(issueOf(report, crashed, "state").get("issue_type").asText()).isEqualTo("crash");
        assertThat(issueOf(report, oom, "state").get("severity").asText()).as(describe(report)).isEqualTo("CRITICAL");
        assertThat(issueOf(report, oom, "state").get("issue_type").asText()).isEqualTo("memory");
        assertThat(issueOf(report, loop, "state").get("severity").asText()).as(describe(report)).isEqualTo("CRITICAL");
        assertThat(issueOf(report, sick, "state").get("log_excerpt").asText()).contains("db down");
        assertThat(report.get("issues").findValuesAsText("container")).doesNotContain(quiet);
        assertThat(report.get("issues").findValuesAsText("container_id")).allSatisfy(id -> assertThat(id).hasSize(64));
        assertThat(cli.out()).contains(oom, loop, "CRITICAL");
    }

    @Test
    void containersSelectsByNameAndReadsOnlyThose() throws IOException {
        String a = run + "-a";
        String b = run + "-b";
        docker.runToExit(a, cmd -> cmd.withLabels(runLabel), "sh", "-c", "echo one; echo two");
        docker.runToExit(b, cmd -> cmd.withLabels(runLabel), "sh", "-c", "echo three");

        int exit = scan("--containers", a);

        assertThat(exit).isZero();
        assertThat(report().get("summary").get("containers_analyzed").asInt()).isEqualTo(1);
        assertThat(report().get("summary").get("lines_scanned").asLong()).isEqualTo(2);
    }

    @Test
    void verboseSaysWhichWayEachContainersLogWasRead() {
        String local = run + "-jsonfile";
        String other = run + "-localdriver";
        docker.runToExit(local, cmd -> cmd.withLabels(runLabel), "sh", "-c", "echo one; echo two");
        docker.runToExit(other, cmd -> cmd.withLabels(runLabel).withHostConfig(HostConfig.newHostConfig()
                .withLogConfig(new LogConfig(LogConfig.LoggingType.LOCAL, Map.of()))), "sh", "-c", "echo three");
        String logPath = docker.inspect(local).getLogPath();

        int exit = scan("--verbose");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.err()).contains("dockmedic: " + local + ": 2 log lines read from the engine's log file " + logPath)
                .contains("dockmedic: " + other + ": 1 log line read through the Docker API (logging driver local, "
                        + "only json-file is read directly)");
    }

    @Test
    void anUnreachableDockerIsOneClearLineAndExitTwoFromTheJar() throws IOException, InterruptedException {
        Path jar = Path.of("target/dockmedic.jar");
        assertThat(jar).as("mvn verify builds the jar before integration tests").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "scan", "--output", dir.toString())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("DOCKER_HOST", "unix:///nonexistent/dockmedic/docker.sock");

        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8)).isEqualTo(
                "dockmedic: cannot reach Docker at unix:///nonexistent/dockmedic/docker.sock: no such socket; "
                        + "is dockerd running? set DOCKER_HOST to point elsewhere\n");
        assertThat(Files.readString(dir.resolve("stdout"))).isEmpty();
        assertThat(dir.resolve("docker_audit_report.json")).doesNotExist();
    }
}
