package io.dockmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.log.Level;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssueLedgerTest {

    private static final ContainerInfo API = new ContainerInfo("c1", "shop-api-1", "shop/api:1.2",
            Map.of(ContainerInfo.COMPOSE_PROJECT, "shop", ContainerInfo.COMPOSE_SERVICE, "api"), null);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void repeatsFoldIntoOneIssueWithCountsAndFirstAndLastSeen() {
        IssueLedger ledger = new IssueLedger();
        for (int i = 0; i < 120; i++) {
            ledger.record(occurrence("fp1", Severity.HIGH, T0.plusSeconds(i), "refused #" + i));
        }
        assertThat(ledger.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.occurrences()).isEqualTo(120);
            assertThat(issue.firstSeen()).isEqualTo(T0);
            assertThat(issue.lastSeen()).isEqualTo(T0.plusSeconds(119));
            assertThat(issue.firstSample()).isEqualTo("refused #0");
            assertThat(issue.lastSample()).isEqualTo("refused #119");
            assertThat(issue.container()).isEqualTo("shop/api");
            assertThat(issue.service()).isEqualTo("api");
            assertThat(issue.containerName()).isEqualTo("shop-api-1");
        });
    }

    @Test
    void worstSeverityWinsAndBringsItsClassification() {
        IssueLedger ledger = new IssueLedger();
        ledger.record(occurrence("fp1", Severity.MEDIUM, T0, "warn"));
        ledger.record(new Occurrence("fp1", API, Severity.CRITICAL, Category.DISK, IssueSource.LOG, "t", "disk.full",
                "free space", FixKind.AGENT, T0.plusSeconds(1), 1, null, "error"));
        ledger.record(occurrence("fp1", Severity.LOW, T0.plusSeconds(2), "later"));
        Issue issue = ledger.issues().get(0);
        assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(issue.ruleId()).isEqualTo("disk.full");
        assertThat(issue.category()).isEqualTo(Category.DISK);
    }

    @Test
    void samplesFollowTimestampsNotArrivalOrder() {
        IssueLedger ledger = new IssueLedger();
        ledger.record(occurrence("fp1", Severity.HIGH, T0.plusSeconds(5), "middle"));
        ledger.record(occurrence("fp1", Severity.HIGH, T0.plusSeconds(9), "newest"));
        ledger.record(occurrence("fp1", Severity.HIGH, T0, "oldest"));
        Issue issue = ledger.issues().get(0);
        assertThat(issue.firstSample()).isEqualTo("oldest");
        assertThat(issue.lastSample()).isEqualTo("newest");
        assertThat(issue.firstSeen()).isEqualTo(T0);
    }

    @Test
    void foldedIssueAddsUpAndShowsTheFingerprintItWasFoldedInto() {
        IssueLedger ledger = new IssueLedger();
        ledger.record(occurrence("alice", Severity.HIGH, T0, "oldest"));
        ledger.record(occurrence("survivor", Severity.MEDIUM, T0.plusSeconds(5), "middle"));
        ledger.record(occurrence("bob", Severity.CRITICAL, T0.plusSeconds(2), "early"));
        ledger.record(occurrence("survivor", Severity.MEDIUM, T0.plusSeconds(9), "newest"));
        Fingerprint survivor = new Fingerprint("survivor", "login failed for <*>");
        ledger.fold("alice", survivor);
        ledger.fold("bob", survivor);
        ledger.fold("survivor", survivor);
        ledger.fold("gone", survivor);
        assertThat(ledger.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.fingerprint()).isEqualTo("survivor");
            assertThat(issue.template()).isEqualTo("login failed for <*>");
            assertThat(issue.occurrences()).isEqualTo(4);
            assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(issue.firstSeen()).isEqualTo(T0);
            assertThat(issue.firstSample()).isEqualTo("oldest");
            assertThat(issue.lastSeen()).isEqualTo(T0.plusSeconds(9));
            assertThat(issue.lastSample()).isEqualTo("newest");
        });
    }

    @Test
    void samplesAreCappedAndAStackTraceIsCutBetweenFrames() {
        List<String> lines = new ArrayList<>();
        lines.add("java.lang.IllegalStateException: boom");
        for (int i = 0; i < 400; i++) {
            lines.add("\tat com.acme.Deep.frame" + i + "(Deep.java:" + i + ")");
        }
        LogEvent trace = new LogEvent(T0, LogStream.STDERR, Level.ERROR, lines.get(0), lines, null);
        IssueLedger ledger = new IssueLedger(10, 4096);
        ledger.record(new Occurrence("fp", API, Severity.HIGH, Category.APPLICATION_EXCEPTION, IssueSource.LOG, "t",
                "exception.stack-trace", "", FixKind.AGENT, T0, 1, trace, null));
        String sample = ledger.issues().get(0).firstSample();
        assertThat(sample.length()).isLessThanOrEqualTo(4096);
        assertThat(sample).startsWith("java.lang.IllegalStateException: boom\n\tat com.acme.Deep.frame0(");
        assertThat(sample).containsPattern("\\(Deep\\.java:\\d+\\)\n\\.\\.\\. \\[\\d+ more characters]$");
    }

    @Test
    void shortSampleStaysWhole() {
        assertThat(IssueLedger.cap("a\nb", 4096)).isEqualTo("a\nb");
    }

    @Test
    void memoryIsBoundedByDistinctIssuesNotLines() {
        IssueLedger ledger = new IssueLedger(3, 4096);
        for (int i = 0; i < 10_000; i++) {
            ledger.record(occurrence("fp" + (i % 5), Severity.HIGH, T0.plusMillis(i), "x"));
        }
        assertThat(ledger.issues()).hasSize(3);
        assertThat(ledger.dropped()).isEqualTo(4000);
        assertThat(ledger.issues()).extracting(Issue::occurrences).containsOnly(2000L);
    }

    @Test
    void ledgerStopsTakingNewIssuesAtItsSizeCapButKeepsCountingTheOnesItHolds() {
        // 64 KiB: a handful of issues whose samples are 4,000 characters each
        IssueLedger ledger = new IssueLedger(10_000, 4096, 64 * 1024);
        String big = "x".repeat(4000);
        for (int i = 0; i < 100; i++) {
            ledger.record(occurrence("fp" + i, Severity.HIGH, T0.plusMillis(i), big + i));
        }
        int held = ledger.size();
        assertThat(held).isBetween(2, 10);
        assertThat(ledger.droppedIssues()).isEqualTo(100 - held);
        assertThat(ledger.dropped()).isEqualTo(100 - held);
        assertThat(ledger.record(occurrence("fp0", Severity.HIGH, T0.plusSeconds(1), "again"))).isTrue();
        assertThat(ledger.issues().get(0).occurrences()).isEqualTo(2);
    }

    private static Occurrence occurrence(String fp, Severity severity, Instant at, String message) {
        LogEvent event = new LogEvent(at, LogStream.STDOUT, Level.ERROR, message, List.of(message), null);
        return new Occurrence(fp, API, severity, Category.NETWORK, IssueSource.LOG, "refused #<*>",
                "net.connection-refused", "check it", FixKind.AGENT, at, 1, event, null);
    }
}
