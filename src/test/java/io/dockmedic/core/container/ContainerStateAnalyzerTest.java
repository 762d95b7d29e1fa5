package io.dockmedic.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerStateAnalyzerTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant SINCE = NOW.minusSeconds(24 * 3600);
    private final ContainerStateAnalyzer analyzer = new ContainerStateAnalyzer(3);

    @Test
    void oomKilledContainerIsCriticalMemoryAndNotAlsoAnExit() {
        StateAnalysis analysis = analyzer.analyze(
                container(state("exited", 137, true, 0, null, 0, NOW.minusSeconds(600))), null, SINCE, NOW);
        assertThat(analysis.findings()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.OOM_KILLED);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.category()).isEqualTo(Category.MEMORY);
            assertThat(f.newOccurrences()).isEqualTo(1);
            assertThat(f.at()).isEqualTo(NOW.minusSeconds(600));
        });
    }

    @Test
    void sameOomIsCountedOnceAcrossScansAndANewOneAgain() {
        ContainerInfo oom = container(state("exited", 137, true, 0, null, 0, NOW.minusSeconds(600)));
        StateAnalysis first = analyzer.analyze(oom, null, SINCE, NOW);
        StateAnalysis second = analyzer.analyze(oom, first.marks(), SINCE, NOW.plusSeconds(30));
        assertThat(second.findings()).singleElement().satisfies(f -> assertThat(f.ongoing()).isTrue());
        ContainerInfo again = container(state("exited", 137, true, 0, null, 0, NOW.plusSeconds(40)));
        StateAnalysis third = analyzer.analyze(again, second.marks(), SINCE, NOW.plusSeconds(60));
        assertThat(third.findings()).singleElement().satisfies(f -> assertThat(f.newOccurrences()).isEqualTo(1));
    }

    @Test
    void nonZeroExitIsAHighCrashAndZeroIsNothing() {
        assertThat(analyzer.analyze(container(state("exited", 1, false, 0, null, 0, NOW.minusSeconds(5))), null, SINCE, NOW)
                .findings()).singleElement().satisfies(f -> {
                    assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.EXITED);
                    assertThat(f.severity()).isEqualTo(Severity.HIGH);
                    assertThat(f.category()).isEqualTo(Category.CRASH);
                    assertThat(f.template()).isEqualTo("container exited with code 1");
                });
        assertThat(analyzer.analyze(container(state("exited", 0, false, 0, null, 0, NOW.minusSeconds(5))), null, SINCE, NOW)
                .findings()).isEmpty();
    }

    @Test
    void exitBySigtermIsOnlyMediumAndNamesTheSignal() {
        assertThat(analyzer.analyze(container(state("exited", 143, false, 0, null, 0, NOW.minusSeconds(5))), null, SINCE, NOW)
                .findings()).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                    assertThat(f.template()).isEqualTo("container exited with code 143 (SIGTERM)");
                });
    }

    @Test
    void exitBeforeTheLookBackWindowIsHistoryAndStaysSo() {
        ContainerInfo old = container(state("exited", 2, false, 0, null, 0, SINCE.minusSeconds(3600)));
        StateAnalysis first = analyzer.analyze(old, null, SINCE, NOW);
        assertThat(first.findings()).isEmpty();
        assertThat(analyzer.analyze(old, first.marks(), SINCE, NOW.plusSeconds(30)).findings()).isEmpty();
    }

    @Test
    void restartLoopIsCriticalAndCountsRestartsByIncrease() {
        StateAnalysis first = analyzer.analyze(container(state("running", 0, false, 4, null, 0, null)), null, SINCE, NOW);
        assertThat(first.findings()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.RESTART_LOOP);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.newOccurrences()).isEqualTo(4);
            assertThat(f.template()).isEqualTo("container is in a restart loop (restarted 4 times)");
        });
        StateAnalysis same = analyzer.analyze(container(state("running", 0, false, 4, null, 0, null)), first.marks(), SINCE, NOW);
        assertThat(same.findings()).isEmpty();
        StateAnalysis more = analyzer.analyze(container(state("restarting", 1, false, 6, null, 0, null)), same.marks(), SINCE, NOW);
        assertThat(more.findings()).singleElement().satisfies(f -> {
            assertThat(f.newOccurrences()).isEqualTo(2);
            assertThat(f.template()).isEqualTo("container is in a restart loop (restarted 6 times, last exit code 1)");
        });
        StateAnalysis stillRestarting = analyzer.analyze(container(state("restarting", 1, false, 6, null, 0, null)),
                more.marks(), SINCE, NOW);
        assertThat(stillRestarting.findings()).singleElement().satisfies(f -> assertThat(f.ongoing()).isTrue());
    }

    @Test
    void restartingStatusIsALoopEvenBelowTheThreshold() {
        assertThat(analyzer.analyze(container(state("restarting", 1, false, 1, null, 0, null)), null, SINCE, NOW).findings())
                .singleElement().satisfies(f -> assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.RESTART_LOOP));
    }

    @Test
    void restartsLongAgoOnAStableContainerAreNotALoop() {
        ContainerState stable = new ContainerState("running", 0, false, 5, null, 0, null, SINCE.minusSeconds(60), null, null);
        assertThat(analyzer.analyze(container(stable), null, SINCE, NOW).findings()).isEmpty();
    }

    @Test
    void unhealthyContainerIsHighWithTheHealthOutputAndOneOccurrencePerEpisode() {
        ContainerInfo sick = container(state("running", 0, false, 0, "unhealthy", 3, null));
        StateAnalysis first = analyzer.analyze(sick, null, SINCE, NOW);
        assertThat(first.findings()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.UNHEALTHY);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.category()).isEqualTo(Category.HEALTH);
            assertThat(f.template()).isEqualTo("container is unhealthy: its health check failed 3 times in a row");
            assertThat(f.detail()).contains("curl: (7) Failed to connect");
            assertThat(f.newOccurrences()).isEqualTo(1);
        });
        StateAnalysis worse = analyzer.analyze(container(state("running", 0, false, 0, "unhealthy", 9, null)),
                first.marks(), SINCE, NOW);
        assertThat(worse.findings()).singleElement().satisfies(f -> assertThat(f.ongoing()).isTrue());
        StateAnalysis healthy = analyzer.analyze(container(state("running", 0, false, 0, "healthy", 0, null)),
                worse.marks(), SINCE, NOW);
        assertThat(healthy.findings()).isEmpty();
        StateAnalysis relapse = analyzer.analyze(container(state("running", 0, false, 0, "unhealthy", 3, null)),
                healthy.marks(), SINCE, NOW);
        assertThat(relapse.findings()).singleElement().satisfies(f -> assertThat(f.newOccurrences()).isEqualTo(1));
    }

    @Test
    void deadContainerIsCriticalOnce() {
        ContainerInfo dead = container(state("dead", 0, false, 0, null, 0, null));
        StateAnalysis first = analyzer.analyze(dead, null, SINCE, NOW);
        assertThat(first.findings()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo(ContainerStateAnalyzer.DEAD);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(analyzer.analyze(dead, first.marks(), SINCE, NOW).findings())
                .singleElement().satisfies(f -> assertThat(f.ongoing()).isTrue());
    }

    @Test
    void runningHealthyContainerHasNoStateIssue() {
        assertThat(analyzer.analyze(container(state("running", 0, false, 0, "healthy", 0, null)), null, SINCE, NOW)
                .findings()).isEmpty();
    }

    private static ContainerState state(String status, int exitCode, boolean oom, int restarts, String health,
            int streak, Instant finishedAt) {
        return new ContainerState(status, exitCode, oom, restarts, health, streak,
                health == null ? null : "curl: (7) Failed to connect to localhost port 8080: Connection refused",
                NOW.minusSeconds(60), finishedAt, null);
    }

    private static ContainerInfo container(ContainerState state) {
        return new ContainerInfo("c1", "shop-api-1", "shop/api", Map.of(), state);
    }
}
