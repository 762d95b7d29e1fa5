package io.dockmedic.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.dockmedic.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `dockmedic scan` against real services with faults injected here, on the real Docker engine.
 *
 * <p>The containers come from {@code scripts/test-images.sh}; the faults, and how often each is
 * injected, mirror {@code test-images/capture-fixtures.sh} and the ground truth in
 * {@code src/test/resources/fixtures/README.md}. One scan runs over everything this class
 * created (selected by a label unique to the run); each test checks one promise of the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanRealServicesIT {

    private static final String RUN_LABEL = "io.dockmedic.e2e.run";
    private static final Set<String> ALL = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Set<String> MEDIUM_UP = Set.of("MEDIUM", "HIGH", "CRITICAL");
    private static final Set<String> MEDIUM_HIGH = Set.of("MEDIUM", "HIGH");
    private static final Set<String> HIGH_UP = Set.of("HIGH", "CRITICAL");
    private static final Set<String> LOW_MEDIUM = Set.of("LOW", "MEDIUM");

    // How often each fault is injected; the assertions expect exactly these counts.
    private static final int WRONG_PASSWORDS = 3;
    private static final int MISSING_DATABASE = 2;
    private static final int MISSING_RELATION = 4;
    private static final int DUPLICATE_KEYS = 3;
    private static final int FAILED_SAVES = 4;
    private static final int DEAD_UPSTREAM_CALLS = 5;
    private static final int MISSING_FAVICON = 3;
    private static final int JAVA_ORDER_FAILURES = 4;
    private static final int JAVA_SLOW_CALLS = 3;
    private static final int PYTHON_DECLINES = 5;
    private static final int PYTHON_TRACEBACKS = 2;
    private static final int PYTHON_SLOW_CALLS = 3;
    private static final int GO_SYNC_ERRORS = 4;
    private static final int GO_WARNINGS = 2;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private DockerClient docker;
    private JsonNode report;
    private List<JsonNode> issues;
    private String scanOutput;

    @BeforeAll
    void startFaultyServicesAndScan(@TempDir Path out) throws Exception {
        docker = connect();
        ensureImages();

        String postgres = startPostgresWithClientFaults();
        startRedisWhoseSavesFail();
        startNginxWithDeadUpstream();
        run("jvm", "dockmedic-test/jvm", c -> { }, "--batches", "6",
                "--order-failures", "" + JAVA_ORDER_FAILURES, "--slow", "" + JAVA_SLOW_CALLS, "--crash");
        run("python", "dockmedic-test/python", c -> { }, "--batches", "6",
                "--declined", "" + PYTHON_DECLINES, "--handled-tracebacks", "" + PYTHON_TRACEBACKS,
                "--slow", "" + PYTHON_SLOW_CALLS, "--crash");
        run("goapp", "dockmedic-test/goapp", c -> { }, "-batches", "6",
                "-sync-errors", "" + GO_SYNC_ERRORS, "-warnings", "" + GO_WARNINGS, "-panic");
        run("goapp-clean", "dockmedic-test/goapp", c -> { }, "-batches", "8");
        run("idle", "dockmedic-test/busybox", c -> { },
                "sh", "-c", "echo 'listening on :8080, 0 errors so far'; exec sleep 3600");
        run("exit3", "dockmedic-test/busybox", c -> { },
                "sh", "-c", "echo 'migration step 3 of 5 done'; exit 3");
        run("oom", "dockmedic-test/goapp", c -> c.getHostConfig()
                .withMemory(64L << 20).withMemorySwap(64L << 20), "-batches", "1", "-alloc-mib", "256");
        run("loop", "dockmedic-test/busybox", c -> c.getHostConfig()
                .withRestartPolicy(RestartPolicy.alwaysRestart()),
                "sh", "-c", "echo 'worker starting'; sleep 1; exit 1");
        run("unhealthy", "dockmedic-test/busybox", c -> c.withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "test -f /tmp/ready"))
                        .withInterval(SECONDS.toNanos(1)).withTimeout(SECONDS.toNanos(1)).withRetries(2)),
                "sh", "-c", "echo 'serving requests'; exec sleep 3600");

        // The faults are in place once every container reached the state it was made for.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            assertThat(state("jvm").getState().getRunning()).isFalse();
            assertThat(state("python").getState().getRunning()).isFalse();
            assertThat(state("goapp").getState().getRunning()).isFalse();
            assertThat(state("goapp-clean").getState().getRunning()).isFalse();
            assertThat(state("exit3").getState().getExitCodeLong()).isEqualTo(3L);
            assertThat(state("oom").getState().getOOMKilled()).isTrue();
            assertThat(state("loop").getRestartCount()).isGreaterThanOrEqualTo(3);
            assertThat(state("unhealthy").getState().getHealth().getStatus()).isEqualTo("unhealthy");
        });
        docker.stopContainerCmd(postgres).withTimeout(20).exec();

        StringWriter printed = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(printed));
        cli.setErr(new PrintWriter(printed));
        int exit = cli.execute("scan", "--output", out.toString(), "--label", RUN_LABEL + "=" + runId);
        scanOutput = printed.toString();
        System.out.println(scanOutput); // the user's view, kept in the test report as evidence
        assertThat(exit).as("scan exit code; it printed:%n%s", scanOutput).isZero();
        report = json.readTree(Files.readString(out.resolve("docker_audit_report.json")));
        issues = StreamSupport.stream(report.path("issues").spliterator(), false).toList();
    }

    @AfterAll
    void removeContainers() {
        if (docker == null) {
            return;
        }
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RUN_LABEL, runId)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    @Test
    void eachPostgresFaultIsOneIssueCountedPerOccurrence() {
        assertThat(issues("pg", "log")).hasSize(4);
        JsonNode auth = only("pg", "password authentication failed for user \"postgres\"");
        assertIssue(auth, WRONG_PASSWORDS, MEDIUM_HIGH);
        assertThat(auth.path("issue_type").asText()).isEqualTo("authentication");
        assertIssue(only("pg", "database \"inventory\" does not exist"), MISSING_DATABASE, MEDIUM_HIGH);
        assertIssue(only("pg", "relation \"order_items\" does not exist"), MISSING_RELATION, MEDIUM_HIGH);
        assertIssue(only("pg", "duplicate key value violates unique constraint"), DUPLICATE_KEYS, MEDIUM_HIGH);
    }

    @Test
    void postgresContinuationLinesStayWithTheirError() {
        assertThat(excerpt(only("pg", "relation \"order_items\" does not exist"))).contains("STATEMENT:");
        assertThat(excerpt(only("pg", "duplicate key value"))).contains("DETAIL:", "already exists");
    }

    @Test
    void cleanShutdownNoiseAndCleanExitsAreSilent() {
        // Postgres was stopped cleanly (exit 0): its LOG lines, including the launcher's
        // "exited with exit code 1", raise nothing, and neither does its state.
        assertThat(issues("pg", "state")).isEmpty();
        assertThat(excerpts("pg")).noneMatch(e -> e.contains("LOG:"));
        assertThat(issues("goapp-clean", null)).isEmpty();
        assertThat(issues("idle", null)).isEmpty();
    }

    @Test
    void failingRedisSaveIsOneIssueCountedPerAttempt() {
        assertIssue(only("redis", "Failed opening the temp RDB file"), FAILED_SAVES, HIGH_UP);
        int overcommitWarnings = logOf("redis").contains("WARNING Memory overcommit must be enabled") ? 1 : 0;
        if (overcommitWarnings == 1) {
            assertIssue(only("redis", "Memory overcommit must be enabled"), 1, LOW_MEDIUM);
        }
        // "Background saving error" is the consequence of the same failure: reported with it or alone.
        List<JsonNode> consequence = matching("redis", "Background saving error");
        assertThat(consequence).hasSizeLessThanOrEqualTo(1);
        consequence.forEach(i -> assertIssue(i, FAILED_SAVES, MEDIUM_UP));
        assertThat(issues("redis", "log")).hasSize(1 + overcommitWarnings + consequence.size());
        assertThat(excerpts("redis")).noneMatch(e -> e.contains("Server initialized")
                || e.contains("Redis is starting") || e.contains("Ready to accept connections"));
    }

    @Test
    void deadUpstreamIsOneIssueAndAccessLogLinesAreSilent() {
        JsonNode upstream = only("nginx", "connect() failed (111: Connection refused) while connecting to upstream");
        assertIssue(upstream, DEAD_UPSTREAM_CALLS, HIGH_UP);
        List<JsonNode> favicon = matching("nginx", "favicon.ico\" failed");
        assertThat(favicon).hasSizeLessThanOrEqualTo(1);
        favicon.forEach(i -> assertIssue(i, MISSING_FAVICON, Set.of("LOW")));
        assertThat(issues("nginx", "log")).hasSize(1 + favicon.size());
        assertThat(excerpts("nginx")).noneMatch(e -> e.contains("HTTP/1.1\" 502") || e.contains("HTTP/1.1\" 200"));
    }

    @Test
    void javaStackTracesAreSingleIssuesWithTheWholeTrace() {
        assertThat(issues("jvm", "log")).hasSize(3);
        JsonNode logged = only("jvm", "could not reserve stock for order");
        assertIssue(logged, JAVA_ORDER_FAILURES, MEDIUM_HIGH);
        assertThat(excerpt(logged)).contains("SEVERE", "at io.dockmedic.testapp.OrderService.reserve",
                "Caused by: java.util.concurrent.TimeoutException", "... 1 more");
        assertIssue(only("jvm", "inventory lookup took"), JAVA_SLOW_CALLS, LOW_MEDIUM);
        JsonNode crash = only("jvm", "Exception in thread \"main\"");
        assertIssue(crash, 1, HIGH_UP);
        assertThat(excerpt(crash)).contains("Caused by: java.io.UncheckedIOException",
                "Caused by: java.io.FileNotFoundException: /etc/orders/orders.properties",
                "at java.base/java.io.FileInputStream.open0");
    }

    @Test
    void pythonTracebacksAreSingleIssuesWithTheWholeTraceback() {
        assertThat(issues("python", "log")).hasSize(4);
        assertIssue(only("python", "card declined by issuer"), PYTHON_DECLINES, MEDIUM_HIGH);
        JsonNode handled = only("python", "payment provider rejected invoice");
        assertIssue(handled, PYTHON_TRACEBACKS, MEDIUM_HIGH);
        assertThat(excerpt(handled)).contains("Traceback (most recent call last):", "File \"/app/app.py\"",
                "PaymentDeclined: card declined for invoice");
        assertIssue(only("python", "slow call to tax service"), PYTHON_SLOW_CALLS, LOW_MEDIUM);
        JsonNode crash = only("python", "KeyError: 'customer_id'");
        assertIssue(crash, 1, HIGH_UP);
        assertThat(excerpt(crash)).contains("Traceback (most recent call last):", "load_customer",
                "^^^^", "KeyError: 'customer_id'");
    }

    @Test
    void goPanicIsOneCrashIssueWithItsGoroutineTrace() {
        assertThat(issues("goapp", "log")).hasSize(3);
        assertIssue(only("goapp", "sync with peer failed"), GO_SYNC_ERRORS, MEDIUM_HIGH);
        assertIssue(only("goapp", "sync retried"), GO_WARNINGS, LOW_MEDIUM);
        JsonNode panic = only("goapp", "panic: runtime error: index out of range");
        assertIssue(panic, 1, HIGH_UP);
        assertThat(panic.path("issue_type").asText()).isEqualTo("crash");
        assertThat(excerpt(panic)).contains("goroutine 1 [running]:", "main.rebalance", "main.main()");
    }

    @Test
    void infoLinesWithAlarmWordsAreNotIssues() {
        assertThat(issues).map(ScanRealServicesIT::excerpt).noneMatch(e -> firstLine(e).contains("errors=0")
                || firstLine(e).contains("0 failed") || firstLine(e).contains("0 errors so far"));
    }

    @Test
    void containersThatExitedNonZeroAreReportedFromState() {
        for (String name : List.of("exit3", "jvm", "python", "goapp")) {
            List<JsonNode> state = issues(name, "state");
            assertThat(state).as("state issues of %s", name).hasSize(1);
            assertThat(state.get(0).path("severity").asText()).as(name).isIn(MEDIUM_UP);
        }
        assertThat(issues("exit3", "log")).isEmpty();
    }

    @Test
    void oomKilledContainerIsOneCriticalStateIssue() {
        List<JsonNode> state = issues("oom", "state");
        assertThat(state).hasSize(1);
        assertThat(state.get(0).path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(state.get(0).path("issue_type").asText()).isEqualTo("memory");
        assertThat(issues("oom", "log")).isEmpty();
    }

    @Test
    void restartLoopIsOneCriticalStateIssue() {
        List<JsonNode> state = issues("loop", "state");
        assertThat(state).hasSize(1);
        assertThat(state.get(0).path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(issues("loop", "log")).isEmpty();
    }

    @Test
    void unhealthyContainerIsReportedFromState() {
        List<JsonNode> state = issues("unhealthy", "state");
        assertThat(state).hasSize(1);
        assertThat(state.get(0).path("severity").asText()).isIn(MEDIUM_UP);
        assertThat(issues("unhealthy", "log")).isEmpty();
    }

    @Test
    void onlyTheLabelledContainersAreScannedAndTheSummaryAddsUp() {
        JsonNode summary = report.path("summary");
        assertThat(summary.path("containers_analyzed").asInt()).isEqualTo(created.size());
        assertThat(issues).allSatisfy(i -> assertThat(containerName(i)).startsWith(prefix()));
        assertThat(summary.path("total_issues").asInt()).isEqualTo(issues.size());
        for (String severity : ALL) {
            assertThat(summary.path(severity.toLowerCase() + "_count").asInt()).as(severity)
                    .isEqualTo((int) issues.stream().filter(i -> severity.equals(i.path("severity").asText())).count());
        }
        assertThat(summary.path("containers_with_issues").asInt()).isEqualTo(
                (int) issues.stream().map(ScanRealServicesIT::containerName).distinct().count());
        assertThat(scanOutput).contains(prefix() + "jvm");
    }

    // --- the services and their faults --------------------------------------------------------

    private String startPostgresWithClientFaults() {
        String id = run("pg", "dockmedic-test/postgres", c -> { });
        awaitLog("pg", "ready to accept connections", 1);
        psql(id, "CREATE TABLE accounts (id int PRIMARY KEY, email text)");
        for (int n = 1; n <= DUPLICATE_KEYS; n++) {
            psql(id, "INSERT INTO accounts VALUES (" + n + ", 'user" + n + "@example.test')");
        }
        for (int n = 0; n < WRONG_PASSWORDS; n++) {
            exec(id, List.of("PGPASSWORD=wrong-password"), "psql", "-X", "-h", "127.0.0.1", "-U", "postgres",
                    "-d", "appdb", "-c", "SELECT 1");
        }
        exec(id, List.of("PGPASSWORD=secret"), "psql", "-X", "-h", "127.0.0.1", "-U", "postgres",
                "-d", "appdb", "-c", "SELECT count(*) FROM accounts");
        for (int n = 0; n < MISSING_DATABASE; n++) {
            exec(id, List.of("PGPASSWORD=secret"), "psql", "-X", "-h", "127.0.0.1", "-U", "postgres",
                    "-d", "inventory", "-c", "SELECT 1");
        }
        for (int n = 0; n < MISSING_RELATION; n++) {
            psql(id, "SELECT * FROM order_items WHERE id = " + (11 + n));
        }
        for (int n = 1; n <= DUPLICATE_KEYS; n++) {
            psql(id, "INSERT INTO accounts VALUES (" + n + ", 'again" + n + "@example.test')");
        }
        psql(id, "CHECKPOINT");
        awaitLog("pg", "duplicate key value", DUPLICATE_KEYS);
        awaitLog("pg", "password authentication failed", WRONG_PASSWORDS);
        return id;
    }

    private void startRedisWhoseSavesFail() {
        // /readonly belongs to root: every background save of the redis user fails.
        String id = run("redis", "dockmedic-test/redis", c -> { }, "--dir", "/readonly");
        awaitLog("redis", "Ready to accept connections", 1);
        exec(id, List.of(), "redis-cli", "SET", "order:1", "pending");
        for (int n = 1; n <= FAILED_SAVES; n++) {
            exec(id, List.of(), "redis-cli", "BGSAVE");
            awaitLog("redis", "Background saving error", n);
        }
    }

    private void startNginxWithDeadUpstream() {
        String id = run("nginx", "dockmedic-test/nginx", c -> { });
        awaitLog("nginx", "start worker process", 1);
        for (int n = 0; n < 6; n++) {
            exec(id, List.of(), "curl", "-s", "-o", "/dev/null", "http://127.0.0.1/");
        }
        for (int n = 0; n < MISSING_FAVICON; n++) {
            exec(id, List.of(), "curl", "-s", "-o", "/dev/null", "http://127.0.0.1/favicon.ico");
        }
        for (int n = 0; n < DEAD_UPSTREAM_CALLS; n++) {
            exec(id, List.of(), "curl", "-s", "-o", "/dev/null", "http://127.0.0.1/api/orders/" + (101 + n));
        }
        awaitLog("nginx", "while connecting to upstream", DEAD_UPSTREAM_CALLS);
    }

    // --- Docker ---------------------------------------------------------------------------------

    private static DockerClient connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(2)).build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("No Docker engine answers at " + config.getDockerHost()
                    + "; start one with scripts/docker-up.sh (" + e.getMessage() + ")");
        }
        return client;
    }

    /** Builds the test images when one is missing; the script skips those already built. */
    private void ensureImages() throws IOException, InterruptedException {
        Path script = Path.of("scripts/test-images.sh").toAbsolutePath();
        Process list = new ProcessBuilder("bash", script.toString(), "--list").start();
        List<String> images = Arrays.asList(new String(list.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim().split("\n"));
        list.waitFor();
        boolean missing = images.stream().anyMatch(image -> {
            try {
                docker.inspectImageCmd(image).exec();
                return false;
            } catch (NotFoundException e) {
                return true;
            }
        });
        if (!missing) {
            return;
        }
        Process build = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroy();
            fail("The test images " + images + " are missing and building them failed; build them with "
                    + "scripts/docker-up.sh && scripts/test-images.sh");
        }
    }

    private String prefix() {
        return "dm-e2e-" + runId + "-";
    }

    private String run(String name, String image, Consumer<CreateContainerCmd> customize, String... args) {
        CreateContainerCmd create = docker.createContainerCmd(image).withName(prefix() + name)
                .withLabels(Map.of(RUN_LABEL, runId))
                // Clients talk to their servers over the container's own loopback only.
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"));
        if (args.length > 0) {
            create.withCmd(args);
        }
        customize.accept(create);
        String id = create.exec().getId();
        created.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    private InspectContainerResponse state(String name) {
        return docker.inspectContainerCmd(prefix() + name).exec();
    }

    private void psql(String id, String sql) {
        exec(id, List.of(), "psql", "-q", "-X", "-d", "appdb", "-c", sql);
    }

    /** Runs a client inside the container and waits for it; its own output is not the service's log. */
    private void exec(String id, List<String> env, String... cmd) {
        String exec = docker.execCreateCmd(id).withCmd(cmd).withEnv(env)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        try {
            docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(60, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + Arrays.toString(cmd), e);
        }
    }

    private String logOf(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            docker.logContainerCmd(prefix() + name).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            bytes.writeBytes(frame.getPayload());
                        }
                    }).awaitCompletion(60, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the log of " + name, e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void awaitLog(String name, String text, int times) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> logOf(name).split(Pattern.quote(text), -1).length - 1 >= times);
    }

    // --- reading the report ---------------------------------------------------------------------

    private static String containerName(JsonNode issue) {
        String name = issue.path("container").asText();
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static String excerpt(JsonNode issue) {
        return issue.path("log_excerpt").asText();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** Issues of one container; {@code source} null means both sources. */
    private List<JsonNode> issues(String name, String source) {
        return issues.stream().filter(i -> containerName(i).equals(prefix() + name))
                .filter(i -> source == null || source.equals(i.path("source").asText())).toList();
    }

    private List<String> excerpts(String name) {
        return issues(name, null).stream().map(ScanRealServicesIT::excerpt).toList();
    }

    private List<JsonNode> matching(String name, String text) {
        return issues(name, "log").stream().filter(i -> excerpt(i).contains(text)).toList();
    }

    private JsonNode only(String name, String text) {
        List<JsonNode> found = matching(name, text);
        assertThat(found).as("issues of %s whose excerpt contains '%s'; all issues of it: %s",
                name, text, issues(name, null)).hasSize(1);
        return found.get(0);
    }

    private static void assertIssue(JsonNode issue, int occurrences, Set<String> severities) {
        assertThat(issue.path("occurrences").asInt()).as("occurrences of %s", issue).isEqualTo(occurrences);
        assertThat(issue.path("severity").asText()).as("severity of %s", issue).isIn(severities);
        assertThat(issue.path("source").asText()).isEqualTo("log");
    }
}
