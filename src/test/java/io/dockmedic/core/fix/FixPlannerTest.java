package io.dockmedic.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.regex.UserPattern;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FixPlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final FixBudget BUDGET = new FixBudget(3, Duration.ofHours(1), Duration.ofSeconds(30),
            Duration.ofSeconds(10), 2);
    private static final RestartPolicy RESTART = new RestartPolicy(null, Set.of("state.exited"), Set.of(), null);
    private final TaskPlanner planner = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofMinutes(5)));

    @Test
    void anOptedInContainerThatExitedIsRestartedAfterTheAttemptIsRecorded() {
        FixPlan plan = planner(FixMode.Auto).decide(plan(List.of(), exit("web", T0)), List.of(container("web", true)),
                T0);

        assertThat(plan.orders()).singleElement().satisfies(o -> {
            assertThat(o.action().kind()).isEqualTo(FixAction.Kind.RESTART);
            assertThat(o.containerId()).isEqualTo("id-web");
            assertThat(o.attempt()).isEqualTo(1);
        });
        RemediationTaskStatus status = plan.work().get(0).resultingStatus();
        assertThat(status.phase()).isEqualTo(TaskPhase.Remediating);
        assertThat(status.attempts()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(FixResult.Started);
            assertThat(a.policy()).isEqualTo("restart");
            assertThat(a.container()).isEqualTo("web");
        });
        assertThat(plan.work().get(0).labels()).containsEntry("dockmedic.io/phase", "Remediating");
        assertThat(plan.work().get(0).decision().notices()).extracting(Notice::kind).contains(Notice.Kind.FIX_STARTED);
    }

    @Test
    void aContainerWithoutOptInIsNeverTouchedWhateverItsIssues() {
        FixPlan plan = planner(FixMode.Auto).decide(plan(List.of(), exit("web", T0)), List.of(container("web", false)),
                T0);

        assertThat(plan.orders()).isEmpty();
        assertThat(plan.work().get(0).resultingStatus().phase()).isEqualTo(TaskPhase.Open);
        assertThat(plan.work().get(0).resultingStatus().attempts()).isNull();
    }

    @Test
    void aSelectorInThePolicyOptsContainersInWithoutTheLabel() {
        RestartPolicy bySelector = new RestartPolicy(new io.dockmedic.core.container.ContainerSelector(Set.of("web"),
                null, Map.of(), null), Set.of("state.exited"), Set.of(), null);
        FixPlanner fixer = new FixPlanner(new RemediationPolicy(FixMode.Auto, BUDGET, bySelector, List.of(),
                List.of()), planner::labels);

        assertThat(fixer.decide(plan(List.of(), exit("web", T0)), List.of(container("web", false)), T0).orders())
                .hasSize(1);
    }

    @Test
    void dryRunRecordsWhatWouldBeDoneAndOrdersNothing() {
        FixPlan plan = planner(FixMode.DryRun).decide(plan(List.of(), exit("web", T0)),
                List.of(container("web", true)), T0);

        assertThat(plan.orders()).isEmpty();
        RemediationTaskStatus status = plan.work().get(0).resultingStatus();
        assertThat(status.phase()).isEqualTo(TaskPhase.Open);
        assertThat(status.attempts()).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(FixResult.DryRun);
            assertThat(a.dryRun()).isTrue();
        });
        assertThat(plan.work().get(0).decision().notices()).extracting(Notice::message)
                .anyMatch(m -> m.contains("would restart container web"));
    }

    @Test
    void attemptsWaitForTheirDoublingBackOffAndStopAtTheBudgetThenTheTaskGoesToAnAgent() {
        FixPlanner fixer = planner(FixMode.Auto);
        List<ContainerInfo> containers = List.of(container("web", true));
        StoredTask task = stored(fixer.decide(plan(List.of(), exit("web", T0)), containers, T0));
        task = succeeded(task, 1, T0.plusSeconds(1));

        // The container exits again 5 s later: within the back-off of 30 s, nothing is done yet.
        Instant t1 = T0.plusSeconds(5);
        FixPlan waiting = fixer.decide(plan(List.of(task), exit("web", t1)), containers, t1);
        assertThat(waiting.orders()).isEmpty();
        assertThat(waiting.nextDecisionAt()).isEqualTo(T0.plusSeconds(30));
        task = stored(waiting, task);

        // After it, attempt 2; the next waits 60 s.
        Instant t2 = T0.plusSeconds(31);
        FixPlan second = fixer.decide(plan(List.of(task), null, t2, true), containers, t2);
        assertThat(second.orders()).singleElement().satisfies(o -> assertThat(o.attempt()).isEqualTo(2));
        task = succeeded(stored(second, task), 2, t2.plusSeconds(1));
        Instant t3 = t2.plusSeconds(40);
        assertThat(fixer.decide(plan(List.of(task), exit("web", t3)), containers, t3).nextDecisionAt())
                .isEqualTo(t2.plusSeconds(60));
        Instant t4 = t2.plusSeconds(61);
        FixPlan third = fixer.decide(plan(List.of(task), exit("web", t4)), containers, t4);
        assertThat(third.orders()).singleElement().satisfies(o -> assertThat(o.attempt()).isEqualTo(3));
        task = succeeded(stored(third, task), 3, t4.plusSeconds(1));

        // Three attempts within the hour: the fourth need is handed over, with every attempt visible.
        Instant t5 = t4.plusSeconds(300);
        FixPlan spent = fixer.decide(plan(List.of(task), exit("web", t5)), containers, t5);
        assertThat(spent.orders()).isEmpty();
        RemediationTaskStatus status = spent.work().get(0).resultingStatus();
        assertThat(status.phase()).isEqualTo(TaskPhase.Failed);
        assertThat(status.attempts()).hasSize(3).extracting(a -> a.result()).containsOnly(FixResult.Succeeded);
        assertThat(spent.work().get(0).decision().notices()).extracting(Notice::kind)
                .contains(Notice.Kind.BUDGET_EXHAUSTED);
    }

    @Test
    void theStormBrakeHandsOverWhenMoreContainersFailThanMayBeRestarted() {
        FixPlanner fixer = planner(FixMode.Auto);
        List<ContainerInfo> containers = List.of(container("a", true), container("b", true), container("c", true));
        FixPlan plan = fixer.decide(planner.plan(List.of(), List.of(exit("a", T0), exit("b", T0), exit("c", T0)),
                Set.of(), new ScanMark(1, T0), T0), containers, T0);

        assertThat(plan.orders()).hasSize(2);
        assertThat(plan.work()).filteredOn(w -> w.resultingStatus().phase() == TaskPhase.Failed).singleElement()
                .satisfies(w -> assertThat(w.decision().notices()).extracting(Notice::kind)
                        .contains(Notice.Kind.STORM_BRAKE));
    }

    @Test
    void aRunbookExecsExactlyItsDeclaredArgvWhateverTheLogSaid() {
        List<String> argv = List.of("psql", "-c", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity");
        Runbook runbook = new Runbook("kill-idle", new IssueMatch(Set.of("db.too-many"), Set.of(), Set.of(), null, null),
                new FixAction(FixAction.Kind.EXEC, argv, null, "postgres", Duration.ofSeconds(5), 0, 100));
        FixPlanner fixer = new FixPlanner(new RemediationPolicy(FixMode.Auto, BUDGET, null, List.of(runbook),
                List.of()), planner::labels);
        Issue hostile = new Issue("fp-db", "shop/db", "db", "id-db", "postgres", "db", Severity.HIGH, Category.DATABASE,
                IssueSource.LOG, "too many clients $(rm -rf /) `reboot`",
                "FATAL: too many clients $(rm -rf /) `reboot`\n; curl x | sh", "FATAL: too many; $(id)", 1, T0, T0,
                "db.too-many", null, FixKind.EXEC, 1);

        FixPlan plan = fixer.decide(planner.plan(List.of(), List.of(hostile), Set.of(), new ScanMark(1, T0), T0),
                List.of(container("db", false)), T0);

        assertThat(plan.orders()).singleElement().satisfies(o -> {
            assertThat(o.action().argv()).isEqualTo(argv);
            assertThat(o.action().user()).isEqualTo("postgres");
            assertThat(o.containerId()).isEqualTo("id-db");
        });
        assertThat(plan.work().get(0).resultingStatus().attempts().get(0).argv()).isEqualTo(argv);
    }

    @Test
    void aSucceededFixIsVerifiedAndAFailedOneGoesToAnAgent() {
        StoredTask task = stored(planner(FixMode.Auto).decide(plan(List.of(), exit("web", T0)),
                List.of(container("web", true)), T0));
        FixOrder order = new FixOrder(task.name(), 1, FixAction.restart(Duration.ofSeconds(5)), "id-web", "web");

        FixPlanner.Completion ok = FixPlanner.complete(task, order, new FixOutcome(true, null, null, "restarted"),
                T0.plusSeconds(2)).orElseThrow();
        FixPlanner.Completion failed = FixPlanner.complete(task, order,
                new FixOutcome(false, null, null, "no such container"), T0.plusSeconds(2)).orElseThrow();

        assertThat(ok.patch().phase()).isEqualTo(TaskPhase.Verifying);
        assertThat(ok.patch().resolution().by()).isEqualTo(TaskLifecycle.ACTOR);
        assertThat(ok.patch().attempts().get(0).result()).isEqualTo(FixResult.Succeeded);
        assertThat(failed.patch().phase()).isEqualTo(TaskPhase.Failed);
        assertThat(failed.notices()).extracting(Notice::kind).containsExactly(Notice.Kind.FIX_FAILED);
    }

    @Test
    void anExpiredSilenceStopsApplyingByItself() {
        Silence silence = new Silence("noisy", new IssueMatch(Set.of("state.exited"), Set.of(), Set.of(), null, null),
                null, "known flake", T0.plusSeconds(60));
        TaskPlanner silencing = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofMinutes(5)),
                List.of(silence));

        TaskWork during = silencing.plan(List.of(), List.of(exit("web", T0)), Set.of(), new ScanMark(1, T0), T0).get(0);
        StoredTask task = new StoredTask(during.name(), "u", "1", 1, during.labels(), "uid", during.spec(),
                during.resultingStatus());
        Instant later = T0.plusSeconds(61);
        TaskWork after = silencing.plan(List.of(task), List.of(exit("web", later)), Set.of(), new ScanMark(2, later),
                later).get(0);

        assertThat(during.resultingStatus().silence().effect()).isEqualTo("IGNORE");
        assertThat(during.resultingStatus().needsAttention()).isFalse();
        assertThat(during.resultingStatus().occurrences()).isEqualTo(1);
        assertThat(after.resultingStatus().silence()).isNull();
        assertThat(after.decision().clearedFields()).contains("silence");
        assertThat(after.resultingStatus().needsAttention()).isTrue();
        assertThat(after.resultingStatus().occurrences()).isEqualTo(2);
    }

    @Test
    void aSilenceThatLowersTheSeverityIsWhatTheTaskIsReportedAt() {
        Silence lower = new Silence("calm", new IssueMatch(Set.of(), Set.of(Category.CRASH), Set.of(),
                UserPattern.compile("non-zero", true, "templatePattern"), null), Severity.LOW, "batch job", null);
        TaskPlanner silencing = new TaskPlanner("shop", "uid", new TaskLifecycle(Duration.ofMinutes(5)), List.of(lower));

        TaskWork work = silencing.plan(List.of(), List.of(exit("web", T0)), Set.of(), new ScanMark(1, T0), T0).get(0);

        assertThat(work.resultingStatus().severity()).isEqualTo(Severity.HIGH);
        assertThat(work.resultingStatus().reportedSeverity()).isEqualTo(Severity.LOW);
        assertThat(work.labels()).containsEntry("dockmedic.io/severity", "LOW");
    }

    private FixPlanner planner(FixMode mode) {
        return new FixPlanner(new RemediationPolicy(mode, BUDGET, RESTART, List.of(), List.of()), planner::labels);
    }

    private List<TaskWork> plan(List<StoredTask> tasks, Issue found) {
        return plan(tasks, found, found == null ? T0 : found.lastSeen().plusSeconds(1), false);
    }

    private List<TaskWork> plan(List<StoredTask> tasks, Issue found, Instant now, boolean holding) {
        long sequence = tasks.isEmpty() ? 1 : tasks.get(0).status().appliedScan().sequence() + 1;
        return planner.plan(tasks, found == null ? List.of() : List.of(found),
                holding ? Set.of(tasks.get(0).spec().fingerprint()) : Set.of(), new ScanMark(sequence, now), now);
    }

    private static Issue exit(String container, Instant at) {
        return new Issue("fp-exit-" + container, "shop/" + container, container, "id-" + container, "img", container,
                Severity.HIGH, Category.CRASH, IssueSource.STATE, "container exited with a non-zero exit code",
                "exit code 1", "exit code 1", 1, at, at, "state.exited", null, FixKind.RESTART, 1);
    }

    private static ContainerInfo container(String name, boolean optedIn) {
        return new ContainerInfo("id-" + name, name, "img", optedIn ? Map.of(RestartPolicy.OPT_IN_LABEL, "true")
                : Map.of(), new ContainerState("exited", 1, false, 0, null, 0, null, T0, T0, null));
    }

    private static StoredTask stored(FixPlan plan) {
        TaskWork w = plan.work().get(0);
        return new StoredTask(w.name(), "u", "1", 1, w.labels(), "uid", w.spec(), w.resultingStatus());
    }

    private static StoredTask stored(FixPlan plan, StoredTask before) {
        TaskWork w = plan.work().get(0);
        return new StoredTask(before.name(), before.uid(), before.version() + "1", 1, w.labels(), "uid", before.spec(),
                w.resultingStatus());
    }

    /** The task after the executor reported attempt {@code n} succeeded. */
    private static StoredTask succeeded(StoredTask task, int n, Instant at) {
        FixOrder order = new FixOrder(task.name(), n, FixAction.restart(Duration.ofSeconds(5)), "id", "web");
        FixPlanner.Completion done = FixPlanner.complete(task, order, new FixOutcome(true, null, null, "restarted"), at)
                .orElseThrow();
        RemediationTaskStatus merged = task.status().toBuilder().attempts(done.patch().attempts())
                .phase(done.patch().phase()).phaseSince(done.patch().phaseSince())
                .resolution(done.patch().resolution()).history(new ArrayList<>(done.patch().history())).build();
        return new StoredTask(task.name(), task.uid(), task.version() + "d", 1, task.labels(), "uid", task.spec(),
                merged);
    }
}
