package io.dockmedic.core.scan;

import static io.dockmedic.core.rules.Category.APPLICATION_ERROR;
import static io.dockmedic.core.rules.Category.APPLICATION_EXCEPTION;
import static io.dockmedic.core.rules.Category.AUTHENTICATION;
import static io.dockmedic.core.rules.Category.CONFIGURATION;
import static io.dockmedic.core.rules.Category.CRASH;
import static io.dockmedic.core.rules.Category.DATABASE;
import static io.dockmedic.core.rules.Category.DEPENDENCY;
import static io.dockmedic.core.rules.Category.DISK;
import static io.dockmedic.core.rules.Category.MEMORY;
import static io.dockmedic.core.rules.Category.NETWORK;
import static io.dockmedic.core.rules.Category.PERFORMANCE;
import static io.dockmedic.core.rules.Category.PERMISSION;
import static io.dockmedic.core.rules.Category.TIMEOUT;
import static io.dockmedic.core.rules.Severity.CRITICAL;
import static io.dockmedic.core.rules.Severity.HIGH;
import static io.dockmedic.core.rules.Severity.LOW;
import static io.dockmedic.core.rules.Severity.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scans the log fixtures captured from real software (src/test/resources/fixtures) and checks the ground
 * truth written in their README: each injected fault is one issue with the right count, category and
 * severity; benign lines raise nothing; multi-line events stay whole.
 */
class FixtureScanTest {

    /** An issue the fixture's README expects. */
    record Expected(String match, long occurrences, Set<Category> categories, Severity mildest, Severity worst,
            List<String> excerptHolds, boolean optional) {
    }

    /** One fixture's ground truth. */
    record Fixture(String file, int minIssues, int maxIssues, List<Expected> expected, List<String> benign) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Fixture> fixtures() {
        List<String> postgresNoise = List.of("starting PostgreSQL", "listening on", "ready to accept connections",
                "checkpoint complete", "received fast shutdown request", "logical replication launcher",
                "database system is shut down");
        List<String> redisNoise = List.of("Redis is starting", "Configuration loaded", "Server initialized",
                "User requested shutdown", "ready to exit", "Ready to accept connections",
                "Received SIGTERM scheduling shutdown", "Background saving started");
        List<String> nginxNoise = List.of("[notice]", "\" 200 46", "\" 404 153", "\" 502 157");
        return Stream.of(
                new Fixture("postgres-clean.log", 0, 0, List.of(), postgresNoise),
                new Fixture("postgres-faults.log", 4, 4, List.of(
                        expect("password authentication failed for user \"postgres\"", 3, Set.of(AUTHENTICATION), MEDIUM, HIGH,
                                "DETAIL:  Connection matched pg_hba.conf line 87"),
                        expect("database \"inventory\" does not exist", 2, Set.of(DATABASE, CONFIGURATION), MEDIUM, HIGH),
                        expect("relation \"order_items\" does not exist", 4, Set.of(DATABASE), MEDIUM, HIGH, "STATEMENT:"),
                        expect("duplicate key value violates unique constraint \"accounts_pkey\"", 3, Set.of(DATABASE),
                                MEDIUM, HIGH, "DETAIL:  Key (id)=(", "already exists.", "STATEMENT:")),
                        postgresNoise),
                new Fixture("redis-clean.log", 1, 1, List.of(
                        expect("WARNING Memory overcommit must be enabled", 1, Set.of(CONFIGURATION, MEMORY), LOW, MEDIUM)),
                        redisNoise),
                new Fixture("redis-rdb-save-failure.log", 2, 3, List.of(
                        expect("Failed opening the temp RDB file", 4, Set.of(DISK, PERMISSION), HIGH, CRITICAL),
                        expect("WARNING Memory overcommit must be enabled", 1, Set.of(CONFIGURATION, MEMORY), LOW, MEDIUM),
                        optional("Background saving error", 4, Set.of(DISK, PERMISSION), MEDIUM, CRITICAL)),
                        redisNoise),
                new Fixture("redis-bad-config.log", 1, 1, List.of(
                        expect("FATAL CONFIG FILE ERROR", 1, Set.of(CONFIGURATION), HIGH, CRITICAL)),
                        List.of()),
                new Fixture("nginx-clean.log", 0, 0, List.of(), nginxNoise),
                new Fixture("nginx-dead-upstream.log", 1, 2, List.of(
                        expect("connect() failed (111: Connection refused) while connecting to upstream", 5,
                                Set.of(NETWORK, DEPENDENCY), HIGH, CRITICAL),
                        optional("open() \"/var/www/html/favicon.ico\" failed (2: No such file or directory)", 3,
                                EnumSet.allOf(Category.class), LOW, LOW)),
                        nginxNoise),
                new Fixture("jvm-clean.log", 0, 0, List.of(), List.of("errors=0")),
                new Fixture("jvm-exceptions.log", 3, 3, List.of(
                        expect("could not reserve stock for order", 4, Set.of(APPLICATION_EXCEPTION, TIMEOUT), MEDIUM, HIGH,
                                "SEVERE [orders] order", "java.lang.IllegalStateException: ",
                                "\tat io.dockmedic.testapp.OrderService.reserve(", "\tat io.dockmedic.testapp.OrderService.main(",
                                "Caused by: java.util.concurrent.TimeoutException: ",
                                "\tat io.dockmedic.testapp.OrderService.callInventory(", "\t... 1 more"),
                        expect("inventory lookup took", 3, Set.of(PERFORMANCE, TIMEOUT), LOW, MEDIUM),
                        expect("Exception in thread \"main\" java.lang.IllegalStateException: cannot start: configuration unreadable",
                                1, Set.of(CRASH, APPLICATION_EXCEPTION), HIGH, CRITICAL,
                                "Caused by: java.io.UncheckedIOException",
                                "Caused by: java.io.FileNotFoundException: /etc/orders/orders.properties",
                                "java.base/java.io.FileInputStream", "\t... 1 more")),
                        List.of("errors=0", "reloading configuration")),
                new Fixture("python-clean.log", 0, 0, List.of(), List.of("errors=0", "error budget", "finished cleanly")),
                new Fixture("python-errors.log", 4, 4, List.of(
                        expect("card declined by issuer", 5, Set.of(APPLICATION_ERROR), MEDIUM, HIGH),
                        expect("payment provider rejected invoice", 2, Set.of(APPLICATION_EXCEPTION), MEDIUM, HIGH,
                                "Traceback (most recent call last):", "File \"/app/app.py\", line 52, in main",
                                "File \"/app/app.py\", line 21, in charge", "raise PaymentDeclined(",
                                "PaymentDeclined: card declined for invoice"),
                        expect("slow call to tax service", 3, Set.of(PERFORMANCE, TIMEOUT), LOW, MEDIUM),
                        expect("KeyError: 'customer_id'", 1, Set.of(CRASH), HIGH, CRITICAL,
                                "Traceback (most recent call last):", "~~~~~~^^^^^^^^^^^^^^^", "KeyError: 'customer_id'")),
                        List.of("errors=0", "error budget", "importing customer records")),
                new Fixture("goapp-clean.log", 0, 0, List.of(), List.of("errors=0")),
                new Fixture("goapp-panic.log", 3, 3, List.of(
                        expect("sync with peer failed", 4, Set.of(NETWORK, DEPENDENCY), MEDIUM, HIGH),
                        expect("sync retried", 2, EnumSet.allOf(Category.class), LOW, MEDIUM),
                        expect("panic: runtime error: index out of range", 1, Set.of(CRASH), HIGH, CRITICAL,
                                "goroutine 1 [running]:", "main.rebalance(...)", "main.main()", "main.go:")),
                        List.of("errors=0", "rebalancing")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachInjectedFaultIsOneIssueAndBenignLinesStaySilent(Fixture fixture) throws URISyntaxException {
        InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
        String name = fixture.file().replace(".log", "");
        runtime.add(new ContainerInfo("id-" + name, name, "local/" + name, Map.of(), null));
        runtime.logFile("id-" + name, Path.of(getClass().getResource("/fixtures/" + fixture.file()).toURI()));
        ScanReport report = new Scanner(ScanPolicy.defaults())
                .scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        List<Issue> issues = report.issues();
        String found = describe(issues);

        SoftAssertions soft = new SoftAssertions();
        for (Expected expected : fixture.expected()) {
            List<Issue> matching = issues.stream()
                    .filter(i -> i.firstSample().contains(expected.match()) || i.lastSample().contains(expected.match()))
                    .toList();
            if (expected.optional() && matching.isEmpty()) {
                continue;
            }
            soft.assertThat(matching).as("issues for '%s' in %s", expected.match(), found).hasSize(1);
            if (matching.size() != 1) {
                continue;
            }
            Issue issue = matching.get(0);
            soft.assertThat(issue.occurrences()).as("occurrences of '%s'", expected.match())
                    .isEqualTo(expected.occurrences());
            soft.assertThat(expected.categories()).as("category of '%s'", expected.match()).contains(issue.category());
            soft.assertThat(issue.severity().atLeast(expected.mildest()) && expected.worst().atLeast(issue.severity()))
                    .as("severity %s of '%s' within %s..%s", issue.severity(), expected.match(), expected.mildest(),
                            expected.worst())
                    .isTrue();
            for (String part : expected.excerptHolds()) {
                soft.assertThat(issue.firstSample()).as("excerpt of '%s'", expected.match()).contains(part);
            }
        }
        soft.assertThat(issues.size()).as("number of issues: %s", found)
                .isBetween(fixture.minIssues(), fixture.maxIssues());
        for (Issue issue : issues) {
            for (String benign : fixture.benign()) {
                soft.assertThat(issue.firstSample()).as("benign text in an issue").doesNotContain(benign);
            }
            String firstLine = issue.firstSample().lines().findFirst().orElse("");
            soft.assertThat(firstLine).as("an issue starting at a continuation line")
                    .doesNotMatch("\\s*(at |Caused by:|\\.\\.\\. \\d+ more|goroutine |File \").*");
        }
        soft.assertAll();
    }

    private static String describe(List<Issue> issues) {
        StringBuilder text = new StringBuilder();
        for (Issue issue : issues) {
            text.append("\n  ").append(issue.severity()).append(' ').append(issue.category().id()).append(" x")
                    .append(issue.occurrences()).append(" [").append(issue.ruleId()).append("] ")
                    .append(issue.firstSample().lines().findFirst().orElse(""));
        }
        return text.toString();
    }

    private static Expected expect(String match, long occurrences, Set<Category> categories, Severity mildest,
            Severity worst, String... excerptHolds) {
        return new Expected(match, occurrences, categories, mildest, worst, List.of(excerptHolds), false);
    }

    private static Expected optional(String match, long occurrences, Set<Category> categories, Severity mildest,
            Severity worst) {
        return new Expected(match, occurrences, categories, mildest, worst, List.of(), true);
    }
}
