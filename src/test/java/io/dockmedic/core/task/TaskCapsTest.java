package io.dockmedic.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskCapsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final TaskPlanner planner = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofHours(1)),
            List.of(), new TaskCaps(500, 100));

    @Test
    void twoThousandDistinctErrorsMakeAHundredTasksAndOneOverflowTaskThatCountsTheRest() {
        List<Issue> found = IntStream.range(0, 2000).mapToObj(i -> error("web", i)).toList();

        List<TaskWork> work = planner.plan(List.of(), found, Set.of(), new ScanMark(1, T0), T0.plusSeconds(1));

        assertThat(work).hasSize(101);
        TaskWork overflow = work.stream().filter(w -> TaskCaps.isOverflow(w.taskSpec().fingerprint())).findFirst()
                .orElseThrow();
        assertThat(overflow.resultingStatus().occurrences()).isEqualTo(1900);
        assertThat(overflow.resultingStatus().foldedIssues()).hasSize(1900);
        assertThat(overflow.taskSpec().ruleId()).isEqualTo(TaskCaps.OVERFLOW_RULE);
        assertThat(overflow.taskSpec().template()).contains("web", "100 tasks");
        assertThat(overflow.resultingStatus().lastSample()).contains("error 1999");
    }

    @Test
    void issuesWithATaskKeepCountingThereAndNewOnesFoldIntoTheSameOverflowTaskNextScan() {
        List<TaskWork> first = planner.plan(List.of(), IntStream.range(0, 150).mapToObj(i -> error("web", i)).toList(),
                Set.of(), new ScanMark(1, T0), T0.plusSeconds(1));
        List<StoredTask> stored = new ArrayList<>();
        for (TaskWork w : first) {
            stored.add(new StoredTask(w.name(), "u", "1", 1, w.labels(), "uid", w.spec(), w.resultingStatus()));
        }
        Instant t1 = T0.plusSeconds(60);
        List<Issue> again = new ArrayList<>(List.of(error("web", 3, t1), error("web", 120, t1), error("web", 400, t1)));

        List<TaskWork> second = planner.plan(stored, again, Set.of(), new ScanMark(2, t1), t1.plusSeconds(1));

        assertThat(second).hasSize(101);
        TaskWork overflow = second.stream().filter(w -> TaskCaps.isOverflow(w.taskSpec().fingerprint())).findFirst()
                .orElseThrow();
        assertThat(overflow.existing()).isNotNull();
        assertThat(overflow.resultingStatus().occurrences()).isEqualTo(52);
        assertThat(overflow.resultingStatus().foldedIssues()).as("120 was folded before, 400 is new").hasSize(51);
        assertThat(second.stream().filter(w -> w.spec() == null && w.existing().spec().fingerprint().equals("fp-web-3"))
                .findFirst().orElseThrow().resultingStatus().occurrences()).isEqualTo(2);
    }

    @Test
    void theAuditCapHoldsAcrossContainers() {
        TaskPlanner small = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofHours(1)), List.of(),
                new TaskCaps(10, 8));
        List<Issue> found = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> found.add(error("a", i)));
        IntStream.range(0, 8).forEach(i -> found.add(error("b", i)));

        List<TaskWork> work = small.plan(List.of(), found, Set.of(), new ScanMark(1, T0), T0.plusSeconds(1));

        assertThat(work.stream().filter(w -> !TaskCaps.isOverflow(w.taskSpec().fingerprint()))).hasSize(10);
        assertThat(work.stream().filter(w -> TaskCaps.isOverflow(w.taskSpec().fingerprint()))).singleElement()
                .satisfies(w -> assertThat(w.resultingStatus().occurrences()).isEqualTo(6));
    }

    private static Issue error(String container, int n) {
        return error(container, n, T0);
    }

    private static Issue error(String container, int n, Instant at) {
        return new Issue("fp-" + container + "-" + n, container, container, "id-" + container, "img", null,
                Severity.HIGH, Category.APPLICATION_ERROR, IssueSource.LOG, "error " + n, "ERROR error " + n,
                "ERROR error " + n, 1, at.plusMillis(n), at.plusMillis(n), "app.error", null, FixKind.AGENT, n + 1);
    }
}
