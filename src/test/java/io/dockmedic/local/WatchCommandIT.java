package io.dockmedic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockmedic.core.task.StoredTask;
import io.dockmedic.docker.DockerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dockmedic watch} as people run it, from the built jar against the real Docker engine: a policy
 * file, {@code --once} twice without a double count, a bad policy file refused with its line, and
 * {@code kill -9} twenty times in the middle of its writes without a torn file or a line counted twice or
 * lost.
 */
class WatchCommandIT {

    private static final Path JAR = Path.of("target/dockmedic.jar");
    /** What a cycle that repeated a scan interrupted between its task and status writes prints. */
    private static final String REPEATED = "repeated the scan a crash interrupted";
    private final DockerFixture docker = new DockerFixture();
    @TempDir
    Path dir;

    @AfterEach
    void removeContainers() {
        docker.close();
    }

    @Test
    void onceTwiceCountsEachLineOnceAndWritesTheFiveFiles() throws Exception {
        String name = "dmwatchcli-" + shortId();
        String id = docker.run(name, cmd -> { }, "sh", "-c", "echo 'ERROR cannot connect to upstream 10.0.0.7:5432';"
                + " echo 'ERROR cannot connect to upstream 10.0.0.8:5432'; exec sleep 3600");
        docker.awaitLogNewlines(id, 2);
        Path policy = policy("once", name, "30s");

        Run first = watch("-f", policy.toString(), "--state", dir.resolve("state").toString(), "--once");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("LogAudit once:", "IssueDetected");
        Run second = watch("-f", policy.toString(), "--state", dir.resolve("state").toString(), "--once");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 new lines").doesNotContain("IssueDetected");

        List<StoredTask> tasks = store().listAll();
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t.status().occurrences()).isEqualTo(2));
        for (String file : List.of("docker_audit_report.json", "remediation_plan.json", "remediation_log.json",
                "remediation_progress.log", "learnings/docker_remediation.xml")) {
            assertThat(dir.resolve("state").resolve(file)).as(file).exists();
        }
        Run list = run("tasks", "list", "--state", dir.resolve("state").toString());
        assertThat(list.output()).contains(tasks.get(0).name());
    }

    @Test
    void aMalformedPolicyFileIsRefusedWithItsFieldAndLineAndNothingIsWritten() throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, """
                apiVersion: dockmedic.io/v1alpha1
                kind: LogAudit
                metadata:
                  name: bad
                spec:
                  interval: soon
                """);
        Run run = watch("-f", policy.toString(), "--state", dir.resolve("state").toString(), "--once");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("bad.yaml:6", "spec.interval");
        assertThat(dir.resolve("state").resolve("audits")).doesNotExist();
    }

    @Test
    void killedTwentyTimesInTheMiddleOfItsWritesItLeavesNoTornFileAndCountsEveryLineExactlyOnce() throws Exception {
        String name = "dmwatchkill-" + shortId();
        // A steady writer of error lines; all of them are one issue (the number is a variable).
        String id = docker.run(name, cmd -> { }, "sh", "-c",
                "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo \"ERROR job $i failed: timeout\"; sleep 0.02; done;"
                        + " echo done writing; exec sleep 3600");
        Path policy = policy("kill", name, "1s");
        Path state = dir.resolve("state");
        int kills = 0;
        int repeats = 0;
        while (kills < 20) {
            Path output = dir.resolve("watch-" + kills + ".out");
            Process watch = start(output, "watch", "-f", policy.toString(), "--state", state.toString());
            // Kill it at a random moment after its loop started (it prints a line then): with a 1s interval,
            // mostly during a scan or its writes.
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.size(output) > 0 || !watch.isAlive());
            Thread.sleep(ThreadLocalRandom.current().nextLong(100, 2500));
            watch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            kills++;
            if (Files.readString(output).contains(REPEATED)) {
                repeats++;
            }
            for (Path file : taskFiles(state)) {
                // Every file parses whole: the store reads it back or names it as corrupt.
                assertThat(store().get(file.getFileName().toString().replace(".json", ""))).as(file.toString())
                        .isPresent();
            }
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> docker.logs(id).contains("done writing"));
        long logged = countLogged(id);
        Run last = watch("-f", policy.toString(), "--state", state.toString(), "--once");
        assertThat(last.exit()).as(last.output()).isZero();
        if (last.output().contains(REPEATED)) {
            repeats++;
        }

        List<StoredTask> tasks = store().listAll();
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t.status().occurrences())
                .as("occurrences after 20 kills").isEqualTo(logged));
        System.out.printf("figure: watch killed with SIGKILL %d times, %d of them between task and status writes;"
                + " %d error lines logged, %d counted%n", kills, repeats, logged, tasks.get(0).status().occurrences());
    }

    private long countLogged(String id) {
        return docker.logs(id).lines().filter(line -> line.startsWith("ERROR job ")).count();
    }

    private List<Path> taskFiles(Path state) throws IOException {
        Path tasks = state.resolve("tasks");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (var files = Files.list(tasks)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
    }

    private LocalTaskStore store() {
        List<String> warnings = new ArrayList<>();
        LocalTaskStore store = LocalTaskStore.open(dir.resolve("state"), warnings::add, Clock.systemUTC());
        assertThat(warnings).as("no task file is corrupt").isEmpty();
        return store;
    }

    private Path policy(String audit, String container, String interval) throws IOException {
        Path file = dir.resolve(audit + ".yaml");
        Files.writeString(file, """
                apiVersion: dockmedic.io/v1alpha1
                kind: LogAudit
                metadata:
                  name: %s
                spec:
                  interval: %s
                  selector:
                    names: [%s]
                """.formatted(audit, interval, container));
        return file;
    }

    private record Run(int exit, String output) {
    }

    private Run watch(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "watch";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    private Run run(String... args) throws Exception {
        Path output = Files.createTempFile(dir, "run", ".out");
        Process process = start(output, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dockmedic " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private Process start(Path output, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
