package io.dockmedic.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.RuleCatalog;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.rules.SeverityOverride;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.dockmedic.core.regex.UserPattern;
import org.junit.jupiter.api.Test;

class ScannerTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(3600);

    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
    private final Scanner scanner = scanner(ScanPolicy.defaults());

    @Test
    void recurringErrorKeepsItsFingerprint() {
        runtime.add(container("c1", "billing", "shop", "billing"));
        for (int i = 0; i < 5; i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", "could not charge invoice " + (1000 + 7 * i)
                    + ": card declined by issuer"));
        }
        ScanReport first = scan(null);
        assertThat(first.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(5);
            assertThat(issue.firstSample()).contains("invoice 1000");
            assertThat(issue.lastSample()).contains("invoice 1028");
            assertThat(issue.template()).doesNotContain("1000");
        });

        runtime.log("c1", T0.plusSeconds(60), pyLog(60, "ERROR", "could not charge invoice 5555: card declined by issuer"));
        ScanReport second = scan(first.scanState());
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.fingerprint()).isEqualTo(first.issues().get(0).fingerprint());
            assertThat(issue.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void siblingsMergedMidScanAreOneIssue() {
        runtime.add(container("c1", "auth", "shop", "auth"));
        // Three distinct names prove the word a parameter (SPEC/template-mining.md): alice and bob get
        // templates of their own first, and carol's line merges them into one widened template.
        String[] users = {"alice", "bob", "carol", "dave", "erin", "frank"};
        for (int i = 0; i < users.length; i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", "login failed for user " + users[i]));
        }
        ScanReport first = scan(null);
        assertThat(first.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(users.length);
            assertThat(issue.template()).endsWith("login failed for user <*>");
            assertThat(issue.firstSample()).endsWith("user alice");
            assertThat(issue.lastSample()).endsWith("user frank");
            assertThat(issue.firstSeen()).isEqualTo(T0);
            assertThat(issue.lastSeen()).isEqualTo(T0.plusSeconds(users.length - 1));
        });
        assertThat(first.containersWithIssues()).isEqualTo(1);

        runtime.log("c1", T0.plusSeconds(60), pyLog(60, "ERROR", "login failed for user grace"));
        runtime.log("c1", T0.plusSeconds(61), pyLog(61, "ERROR", "login failed for user bob"));
        ScanReport second = scan(first.scanState());
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.fingerprint()).isEqualTo(first.issues().get(0).fingerprint());
            assertThat(issue.occurrences()).isEqualTo(2);
        });
    }

    @Test
    void mergedSiblingsTakeTheWorstSeverityOfAnyOfThem() {
        runtime.add(container("c1", "reports", null, null));
        // No rule names this problem, so the level decides: ERROR is HIGH, FATAL is CRITICAL.
        String[] levels = {"ERROR", "FATAL", "ERROR", "ERROR", "ERROR"};
        String[] tenants = {"alice", "bob", "carol", "dave", "erin"};
        for (int i = 0; i < tenants.length; i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, levels[i], "nightly report skipped for tenant " + tenants[i]));
        }
        assertThat(scan(null).issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(5);
            assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(issue.template()).endsWith("nightly report skipped for tenant <*>");
        });
    }

    @Test
    void reportedIssueKeepsItsFingerprintWhenSiblingsArriveLater() {
        runtime.add(container("c1", "auth", "shop", "auth"));
        runtime.log("c1", T0, pyLog(0, "ERROR", "login failed for user alice"));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "login failed for user bob"));
        // Two names do not yet make the word a parameter: two issues, each pinned once reported.
        ScanReport first = scan(null);
        assertThat(first.issues()).hasSize(2);
        String alice = fingerprintOf(first, "alice");
        String bob = fingerprintOf(first, "bob");

        String[] later = {"carol", "dave", "erin", "alice", "bob"};
        for (int i = 0; i < later.length; i++) {
            runtime.log("c1", T0.plusSeconds(10 + i), pyLog(10 + i, "ERROR", "login failed for user " + later[i]));
        }
        ScanReport second = scan(first.scanState());
        assertThat(second.issues()).extracting(Issue::fingerprint).containsExactlyInAnyOrder(alice, bob);
        assertThat(second.issues()).filteredOn(issue -> issue.fingerprint().equals(alice)).singleElement()
                .satisfies(issue -> {
                    assertThat(issue.occurrences()).isEqualTo(4);
                    assertThat(issue.template()).endsWith("login failed for user <*>");
                });
        assertThat(second.issues()).filteredOn(issue -> issue.fingerprint().equals(bob)).singleElement()
                .satisfies(issue -> assertThat(issue.occurrences()).isEqualTo(1));

        runtime.log("c1", T0.plusSeconds(30), pyLog(30, "ERROR", "login failed for user frank"));
        ScanReport third = scan(second.scanState());
        assertThat(third.issues()).extracting(Issue::fingerprint).containsExactly(alice);
    }

    @Test
    void recreatedComposeServiceKeepsItsFingerprints() {
        runtime.add(container("old", "shop-billing-1", "shop", "billing"));
        runtime.log("old", T0, pyLog(0, "ERROR", "could not charge invoice 1: card declined by issuer"));
        ScanReport first = scan(null);
        runtime.remove("old").add(container("new", "shop-billing-1", "shop", "billing"));
        runtime.log("new", T0.plusSeconds(5), pyLog(5, "ERROR", "could not charge invoice 2: card declined by issuer"));
        ScanReport second = scan(first.scanState());
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.fingerprint()).isEqualTo(first.issues().get(0).fingerprint());
            assertThat(issue.containerId()).isEqualTo("new");
            assertThat(issue.container()).isEqualTo("shop/billing");
        });
        assertThat(second.scanState().containers()).containsOnlyKeys("new");
    }

    @Test
    void benignLinesMentioningErrorsRaiseNothing() {
        runtime.add(container("c1", "worker", null, null));
        String[] lines = {
            pyLog(0, "INFO", "batch 1 done: 40 invoices charged, errors=0, 0 failed"),
            pyLog(1, "INFO", "error budget remaining: 100 percent; failed jobs last hour: 0"),
            pyLog(2, "DEBUG", "retrying after failure: connection refused"),
            "time=2025-03-01T10:00:03Z level=info msg=\"sync round complete\" failed=0 errors=0",
            "processed 1200 messages, errors=0",
            "Auth database shutdown completed",
            "no errors found",
            "error_log /var/log/nginx/error.log warn;",
            "listening on :8080"};
        for (int i = 0; i < lines.length; i++) {
            runtime.log("c1", T0.plusSeconds(i), lines[i]);
        }
        ScanReport report = scan(null);
        assertThat(report.issues()).isEmpty();
        assertThat(report.linesScanned()).isEqualTo(lines.length);
        assertThat(report.containersWithIssues()).isZero();
    }

    @Test
    void stackTraceIsOneIssueNotOnePerFrame() {
        runtime.add(container("c1", "orders", null, null));
        for (int n = 0; n < 3; n++) {
            Instant at = T0.plusSeconds(10L * n);
            String[] trace = {
                "2025-03-01 10:00:0" + n + ".100 SEVERE [orders] order " + (1017 + 13 * n) + " failed",
                "java.lang.IllegalStateException: could not reserve stock for order " + (1017 + 13 * n),
                "\tat com.acme.OrderService.reserve(OrderService.java:" + (62 + n) + ")",
                "\tat com.acme.OrderService.main(OrderService.java:39)",
                "Caused by: java.lang.IllegalArgumentException: bad sku " + n,
                "\tat com.acme.Inventory.lookup(Inventory.java:12)",
                "\t... 1 more"};
            for (int i = 0; i < trace.length; i++) {
                runtime.log("c1", at.plusMillis(i), trace[i]);
            }
        }
        ScanReport report = scan(null);
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(3);
            assertThat(issue.category()).isEqualTo(Category.APPLICATION_EXCEPTION);
            assertThat(issue.template()).isEqualTo("java.lang.IllegalArgumentException at com.acme.Inventory.lookup");
            assertThat(issue.firstSample()).startsWith("2025-03-01 10:00:00.100 SEVERE [orders] order 1017 failed")
                    .contains("\tat com.acme.OrderService.main(OrderService.java:39)", "Caused by:", "\t... 1 more");
        });
    }

    @Test
    void incrementalScanCountsOnlyNewLines() {
        runtime.add(container("c1", "api", null, null));
        // Two lines share a timestamp across the boundary of the first read: the cursor must tell them apart.
        runtime.log("c1", T0, pyLog(0, "ERROR", "could not charge invoice 1: card declined by issuer"));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "could not charge invoice 2: card declined by issuer"));
        ScanReport first = scan(null);
        assertThat(first.issues()).singleElement().extracting(Issue::occurrences).isEqualTo(2L);

        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "could not charge invoice 3: card declined by issuer"));
        runtime.log("c1", T0.plusSeconds(2), pyLog(2, "ERROR", "could not charge invoice 4: card declined by issuer"));
        ScanReport second = scan(first.scanState());
        assertThat(second.linesScanned()).isEqualTo(2);
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(2);
            assertThat(issue.firstSample()).contains("invoice 3");
        });

        ScanReport third = scan(second.scanState());
        assertThat(third.linesScanned()).isZero();
        assertThat(third.issues()).isEmpty();
    }

    @Test
    void firstScanReadsFromSince() {
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0.minusSeconds(7200), pyLog(0, "ERROR", "could not charge invoice 1: card declined by issuer"));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "could not charge invoice 2: card declined by issuer"));
        ScanReport report = scanner.scan(runtime, new ScanRequest(ContainerSelector.all(), T0, null), ScanListener.NONE);
        assertThat(report.linesScanned()).isEqualTo(1);
        assertThat(report.issues()).singleElement().extracting(Issue::occurrences).isEqualTo(1L);
    }

    @Test
    void stateIssueIsCountedOnceAndThenListedAsOngoing() {
        runtime.add(new ContainerInfo("c1", "cache", "redis:7", Map.of(),
                state("exited", 137, true, 0, null, NOW.minusSeconds(60))));
        ScanReport first = scan(null);
        assertThat(first.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.source()).isEqualTo(IssueSource.STATE);
            assertThat(issue.ruleId()).isEqualTo("state.oom-killed");
            assertThat(issue.occurrences()).isEqualTo(1);
            assertThat(issue.lastSample()).contains("OOMKilled");
        });
        ScanReport again = scan(first.scanState());
        assertThat(again.issues()).isEmpty();
        assertThat(again.ongoing()).containsExactly(first.issues().get(0).fingerprint());
    }

    @Test
    void exitsWithOtherCodesStayOneIssuePerContainerAndShowTheLatestCode() {
        runtime.add(new ContainerInfo("c1", "worker", "worker:1", Map.of(), state("exited", 3, false, 0, null, T0)));
        ScanReport first = scan(null);
        assertThat(first.issues()).singleElement().extracting(Issue::template).isEqualTo("container exited with code 3");
        runtime.setState("c1", state("exited", 4, false, 0, null, T0.plusSeconds(600)));
        ScanReport second = scan(first.scanState());
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.fingerprint()).isEqualTo(first.issues().get(0).fingerprint());
            assertThat(issue.template()).isEqualTo("container exited with code 4");
            assertThat(issue.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void restartLoopAndUnhealthyContainersAreReportedFromState() {
        runtime.add(new ContainerInfo("c1", "api", "api:1", Map.of(), state("restarting", 1, false, 7, null, NOW)));
        runtime.add(new ContainerInfo("c2", "web", "web:1", Map.of(), state("running", 0, false, 0, "unhealthy", null)));
        ScanReport report = scan(null);
        assertThat(report.issues()).extracting(Issue::ruleId).containsExactly("state.restart-loop", "state.unhealthy");
        assertThat(report.issues().get(0).occurrences()).isEqualTo(7);
        assertThat(report.issues().get(1).lastSample()).contains("connection refused");
        assertThat(report.containersWithIssues()).isEqualTo(2);
    }

    @Test
    void priorityOrderIsDeterministic() {
        runtime.add(container("c1", "api", null, null)).add(container("c2", "db", null, null));
        runtime.log("c1", T0, pyLog(0, "ERROR", "could not charge invoice 1: card declined by issuer"));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "WARNING", "slow call to tax service took 700 ms (threshold 500 ms)"));
        runtime.log("c2", T0.plusSeconds(2), pyLog(2, "ERROR", "write failed: No space left on device"));
        runtime.log("c2", T0.plusSeconds(3), pyLog(3, "ERROR", "order 7 could not be shipped"));
        runtime.log("c1", T0.plusSeconds(4), pyLog(4, "ERROR", "order 8 could not be shipped"));
        ScanReport report = scan(null);
        assertThat(report.issues()).extracting(i -> i.severity() + " " + i.container() + " " + i.priority())
                .containsExactly("CRITICAL db 1", "HIGH api 2", "HIGH db 3", "HIGH api 4", "LOW api 5");
        ScanReport same = scanner(ScanPolicy.defaults()).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(same.issues()).extracting(Issue::fingerprint)
                .containsExactlyElementsOf(report.issues().stream().map(Issue::fingerprint).toList());
    }

    @Test
    void oneContainersFailureDoesNotAbortTheScanAndLosesNothing() {
        runtime.add(container("c1", "api", null, null)).add(container("c2", "db", null, null));
        for (int i = 0; i < 4; i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", "could not charge invoice " + i + ": card declined"));
        }
        runtime.log("c2", T0, pyLog(0, "ERROR", "disk: No space left on device"));
        runtime.breakNextReadAfter("c1", 2);
        ScanReport first = scan(null);
        assertThat(first.errors()).singleElement().satisfies(error -> {
            assertThat(error.containerId()).isEqualTo("c1");
            assertThat(error.message()).contains("log stream of api broke");
        });
        assertThat(first.issues()).extracting(Issue::container, Issue::occurrences)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("db", 1L),
                        org.assertj.core.groups.Tuple.tuple("api", 2L));
        ScanReport second = scan(first.scanState());
        assertThat(second.errors()).isEmpty();
        assertThat(second.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.container()).isEqualTo("api");
            assertThat(issue.occurrences()).isEqualTo(2);
        });
    }

    @Test
    void unreachableRuntimeAbortsTheScan() {
        runtime.add(container("c1", "api", null, null)).unavailable(true);
        assertThatThrownBy(() -> scan(null)).isInstanceOf(RuntimeUnavailableException.class);
    }

    @Test
    void overridesReRateOrIgnoreIssues() {
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0, pyLog(0, "ERROR", "duplicate key value violates unique constraint \"users_pkey\""));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "could not charge invoice 9: card declined by issuer"));
        runtime.log("c1", T0.plusSeconds(2), pyLog(2, "ERROR", "write failed: No space left on device"));
        ScanPolicy policy = new ScanPolicy(RuleCatalog.builtIn(), List.of(
                SeverityOverride.of("db.duplicate-key", null, null, null, "ignore"),
                SeverityOverride.of(null, null, "card declined", null, "low"),
                new SeverityOverride(null, Category.DISK, null, UserPattern.compile("space", true, "templatePattern"),
                        Severity.MEDIUM)),
                Severity.LOW, 3);
        ScanReport report = scanner(policy).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(report.issues()).extracting(Issue::ruleId, Issue::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("disk.full", Severity.MEDIUM),
                org.assertj.core.groups.Tuple.tuple("level.error", Severity.LOW));
    }

    @Test
    void minimumSeverityLeavesOutMilderIssues() {
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0, pyLog(0, "WARNING", "slow call to tax service took 700 ms (threshold 500 ms)"));
        runtime.log("c1", T0.plusSeconds(1), pyLog(1, "ERROR", "write failed: No space left on device"));
        ScanPolicy policy = new ScanPolicy(RuleCatalog.builtIn(), List.of(), Severity.HIGH, 3);
        ScanReport report = scanner(policy).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(report.issues()).extracting(Issue::ruleId).containsExactly("disk.full");
    }

    @Test
    void userRulesClassifyTheirLines() {
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0, "ledger out of balance by 3 cents");
        ScanPolicy policy = new ScanPolicy(RuleCatalog.builtIn().withRules(List.of(io.dockmedic.core.rules.Rule.of(
                "acme.ledger", "application_error", "critical", "ledger out of balance", List.of("ledger"),
                "Page finance", "agent"))), List.of(), Severity.LOW, 3);
        ScanReport report = scanner(policy).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.ruleId()).isEqualTo("acme.ledger");
            assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(issue.suggestedAction()).isEqualTo("Page finance");
        });
    }

    @Test
    void rulesNeverSeeTheTimestamp() {
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0, pyLog(0, "WARNING", "cache warmed"));
        runtime.log("c1", T0.plusSeconds(1), "2025-03-01T10:00:01Z cache warmed");
        ScanPolicy policy = new ScanPolicy(RuleCatalog.builtIn().withRules(List.of(io.dockmedic.core.rules.Rule.of(
                "acme.date", "application_error", "high", "2025-03-01", null, "", null))), List.of(), Severity.LOW, 3);
        ScanReport report = scanner(policy).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(report.issues()).isEmpty();
    }

    @Test
    void onlySelectedContainersAreScannedAndOthersKeepTheirCheckpoints() {
        runtime.add(container("c1", "api", "shop", "api")).add(container("c2", "db", "other", "db"));
        runtime.log("c1", T0, pyLog(0, "ERROR", "order 1 could not be shipped"));
        runtime.log("c2", T0, pyLog(0, "ERROR", "order 2 could not be shipped"));
        ScanReport all = scan(null);
        ScanReport shopOnly = scanner.scan(runtime,
                new ScanRequest(new ContainerSelector(Set.of(), null, Map.of(), "shop"), null, all.scanState()),
                ScanListener.NONE);
        assertThat(shopOnly.containersAnalyzed()).isEqualTo(1);
        assertThat(shopOnly.scanState().containers()).containsKeys("c1", "c2");
        assertThat(shopOnly.scanState().checkpoint("c2")).isEqualTo(all.scanState().checkpoint("c2"));
    }

    @Test
    void progressIsReportedPerContainer() {
        runtime.add(container("c1", "api", null, null));
        for (int i = 0; i < 2_500; i++) {
            runtime.log("c1", T0.plusMillis(i), LogStream.STDOUT, "request served in 3 ms");
        }
        List<String> events = new ArrayList<>();
        scanner.scan(runtime, new ScanRequest(null, null, null), new ScanListener() {
            @Override
            public long progressInterval() {
                return 1_000;
            }

            @Override
            public void containerStarted(ContainerInfo container, int index, int total) {
                events.add("start " + container.name() + " " + index + "/" + total);
            }

            @Override
            public void linesRead(ContainerInfo container, long lines) {
                events.add("read " + lines);
            }

            @Override
            public void containerDone(ContainerInfo container, long lines, String error) {
                events.add("done " + lines + " " + error);
            }
        });
        assertThat(events).containsExactly("start api 1/1", "read 1000", "read 2000", "done 2500 null");
    }

    @Test
    void reportedTemplatesArePinnedInTheMiner() {
        TemplateMiner miner = new TemplateMiner();
        Scanner pinning = new Scanner(ScanPolicy.defaults(), miner, Clock.fixed(NOW, ZoneOffset.UTC));
        runtime.add(container("c1", "api", null, null));
        runtime.log("c1", T0, pyLog(0, "ERROR", "order 1 could not be shipped"));
        ScanReport report = pinning.scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE);
        assertThat(miner.snapshot().pinnedIds()).hasSize(1);
        pinning.forget(report.issues().get(0).fingerprint());
        assertThat(miner.snapshot().pinnedIds()).isEmpty();
    }

    private static String fingerprintOf(ScanReport report, String user) {
        return report.issues().stream().filter(issue -> issue.lastSample().endsWith("user " + user))
                .map(Issue::fingerprint).findFirst().orElseThrow();
    }

    /**
     * The lines of one busy container whose first occurrences decide nothing: a host name or an address,
     * a user name among many, a number. Old ids came from the first masked form, so each order gave others.
     */
    private static List<String> mixedErrorMessages() {
        List<String> messages = new ArrayList<>();
        String[] users = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
        for (int i = 0; i < 30; i++) {
            messages.add(i % 3 == 0 ? "could not reach db-primary after 3 attempts"
                    : "could not reach 10.0.0." + i + " after " + (i % 5 + 1) + " attempts");
            messages.add("login failed for user " + users[i % users.length] + " from 10.1.0." + i);
            messages.add("payment " + (4000 + i * 17) + " failed: card declined by issuer");
        }
        return messages;
    }

    private static Map<String, Long> fingerprintsOfOneScan(List<String> messages) {
        InMemoryContainerRuntime fresh = new InMemoryContainerRuntime();
        fresh.add(container("c1", "billing", "shop", "billing"));
        for (int i = 0; i < messages.size(); i++) {
            fresh.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", messages.get(i)));
        }
        ScanReport report = scanner(ScanPolicy.defaults()).scan(fresh,
                new ScanRequest(ContainerSelector.all(), null, null), ScanListener.NONE);
        Map<String, Long> counts = new java.util.TreeMap<>();
        report.issues().forEach(issue -> counts.merge(issue.fingerprint(), issue.occurrences(), Long::sum));
        return counts;
    }

    @Test
    void sameLinesInAnyOrderGiveTheSameFingerprintsInEveryRun() {
        List<String> messages = mixedErrorMessages();
        Map<String, Long> inOrder = fingerprintsOfOneScan(messages);
        assertThat(inOrder).as("three problems").hasSize(3);
        for (long seed = 1; seed <= 5; seed++) {
            List<String> shuffled = new ArrayList<>(messages);
            java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
            assertThat(fingerprintsOfOneScan(shuffled)).as("order %d", seed).isEqualTo(inOrder);
        }
        List<String> reversed = new ArrayList<>(messages);
        java.util.Collections.reverse(reversed);
        assertThat(fingerprintsOfOneScan(reversed)).isEqualTo(inOrder);
        assertThat(fingerprintsOfOneScan(messages.subList(15, messages.size())).keySet())
                .as("a later window (another --since) starts with other lines").isEqualTo(inOrder.keySet());
    }

    @Test
    void linesSplitOverRunsOfOneScannerOrARestoredMinerGiveTheSameFingerprints() {
        List<String> messages = new ArrayList<>(mixedErrorMessages());
        java.util.Collections.shuffle(messages, new java.util.Random(7));
        Map<String, Long> whole = fingerprintsOfOneScan(messages);

        runtime.add(container("c1", "billing", "shop", "billing"));
        int half = messages.size() / 2;
        for (int i = 0; i < half; i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", messages.get(i)));
        }
        TemplateMiner miner = new TemplateMiner();
        Scanner first = new Scanner(ScanPolicy.defaults(), miner, Clock.fixed(NOW, ZoneOffset.UTC));
        ScanReport one = first.scan(runtime, new ScanRequest(ContainerSelector.all(), null, null), ScanListener.NONE);
        for (int i = half; i < messages.size(); i++) {
            runtime.log("c1", T0.plusSeconds(i), pyLog(i, "ERROR", messages.get(i)));
        }
        // the operator's restart: the next scan runs on a miner restored from the saved snapshot
        Scanner restarted = new Scanner(ScanPolicy.defaults(), TemplateMiner.restore(miner.snapshot()),
                Clock.fixed(NOW, ZoneOffset.UTC));
        ScanReport two = restarted.scan(runtime, new ScanRequest(ContainerSelector.all(), null, one.scanState()),
                ScanListener.NONE);

        Map<String, Long> split = new java.util.TreeMap<>();
        one.issues().forEach(issue -> split.merge(issue.fingerprint(), issue.occurrences(), Long::sum));
        two.issues().forEach(issue -> split.merge(issue.fingerprint(), issue.occurrences(), Long::sum));
        assertThat(split).isEqualTo(whole);
    }

    private ScanReport scan(ScanState resumeFrom) {
        return scanner.scan(runtime, new ScanRequest(ContainerSelector.all(), null, resumeFrom), ScanListener.NONE);
    }

    private static Scanner scanner(ScanPolicy policy) {
        return new Scanner(policy, new TemplateMiner(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String pyLog(int second, String level, String message) {
        return String.format("2025-03-01 10:%02d:%02d,100 %s [app] %s", second / 60, second % 60, level, message);
    }

    private static ContainerInfo container(String id, String name, String project, String service) {
        Map<String, String> labels = project == null ? Map.of()
                : Map.of(ContainerInfo.COMPOSE_PROJECT, project, ContainerInfo.COMPOSE_SERVICE, service);
        return new ContainerInfo(id, name, "img/" + name, labels, state("running", 0, false, 0, null, null));
    }

    private static ContainerState state(String status, int exitCode, boolean oom, int restarts, String health,
            Instant finishedAt) {
        return new ContainerState(status, exitCode, oom, restarts, health, health == null ? 0 : 3,
                health == null ? null : "curl: (7) Failed to connect: connection refused", NOW.minusSeconds(30),
                finishedAt, null);
    }
}
