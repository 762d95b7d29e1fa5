package io.dockmedic.core.task;

import static io.dockmedic.core.task.Issues.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final TaskLifecycle lifecycle = new TaskLifecycle(Duration.ofMinutes(5));

    @Test
    void anIssueThatHappensEveryTwentyMinutesIsNotResolvedByFiveQuietMinutes() {
        RemediationTaskStatus s = lifecycle.decide(null, issue("fp", Severity.HIGH, 1, T0, T0), false, false,
                mark(1), 1, T0).next();
        Instant t1 = T0.plus(Duration.ofMinutes(20));
        s = lifecycle.decide(s, issue("fp", Severity.HIGH, 1, t1, t1), false, false, mark(2), 1, t1).next();

        RemediationTaskStatus afterTenQuietMinutes = lifecycle.decide(s, null, false, false, mark(3), 1,
                t1.plus(Duration.ofMinutes(10))).next();
        RemediationTaskStatus afterAnHour = lifecycle.decide(s, null, false, false, mark(3), 1,
                t1.plus(Duration.ofMinutes(60))).next();

        assertThat(s.longestGapSeconds()).isEqualTo(1200);
        assertThat(afterTenQuietMinutes.quietPeriod()).isEqualTo("1h");
        assertThat(afterTenQuietMinutes.phase()).isEqualTo(TaskPhase.Open);
        assertThat(afterAnHour.phase()).isEqualTo(TaskPhase.Resolved);
    }

    @Test
    void aFixIsResolvedOnlyAfterTheAdaptiveQuietPeriodSinceTheFix() {
        RemediationTaskStatus s = lifecycle.decide(null, issue("fp", Severity.HIGH, 3, T0,
                T0.plus(Duration.ofMinutes(20))), false, false, mark(1), 1, T0.plus(Duration.ofMinutes(20))).next();
        Instant fixedAt = T0.plus(Duration.ofMinutes(30));
        s = s.toBuilder().phase(TaskPhase.Fixed).phaseSince(fixedAt.toString()).build();

        RemediationTaskStatus verifying = lifecycle.decide(s, null, false, false, mark(2), 1, fixedAt.plusSeconds(5))
                .next();
        RemediationTaskStatus early = lifecycle.decide(verifying, null, false, false, mark(3), 1,
                fixedAt.plus(Duration.ofMinutes(29))).next();
        RemediationTaskStatus proven = lifecycle.decide(verifying, null, false, false, mark(3), 1,
                fixedAt.plus(Duration.ofMinutes(30))).next();

        assertThat(verifying.phase()).isEqualTo(TaskPhase.Verifying);
        assertThat(verifying.quietPeriod()).isEqualTo("30m");
        assertThat(early.phase()).isEqualTo(TaskPhase.Verifying);
        assertThat(proven.phase()).isEqualTo(TaskPhase.Resolved);
    }

    @Test
    void aRegressionKeepsTheFixThatDidNotHoldAndShowsItsLearning() {
        RemediationTaskStatus s = lifecycle.decide(null, issue("fp", Severity.HIGH, 1, T0, T0), false, false, mark(1), 1,
                T0).next();
        Instant fixedAt = T0.plusSeconds(60);
        s = s.toBuilder().phase(TaskPhase.Verifying).phaseSince(fixedAt.toString())
                .claim(new Claim("agent-7", T0.toString(), fixedAt.plusSeconds(600).toString(), null))
                .resolution(new Resolution("agent-7", fixedAt.toString(), "Raised max_connections to 200",
                        List.of("db/postgresql.conf"), "The pool leaked connections on timeouts; fixed in pool.py"))
                .build();
        Instant again = fixedAt.plusSeconds(30);

        TaskDecision d = lifecycle.decide(s, issue("fp", Severity.HIGH, 1, again, again), false, false, mark(2), 1,
                again.plusSeconds(1));

        assertThat(d.next().phase()).isEqualTo(TaskPhase.Regressed);
        assertThat(d.next().previousFixes()).singleElement()
                .satisfies(fix -> assertThat(fix.learning()).contains("pool leaked"));
        assertThat(d.clearedFields()).containsExactlyInAnyOrder(TaskDecision.CLAIM, TaskDecision.RESOLUTION);
        assertThat(d.resulting().claim()).isNull();
        assertThat(d.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notice.Kind.REGRESSED);
            assertThat(n.message()).contains("agent-7", "Raised max_connections", "pool leaked connections");
        });
    }

    @Test
    void aTaskFoundRemediatingAfterARestartFailsAndItsAttemptIsNeverRepeated() {
        RemediationTaskStatus s = lifecycle.decide(null, issue("fp", Severity.HIGH, 1, T0, T0), false, false, mark(1), 1,
                T0).next();
        FixAttempt started = new FixAttempt(1, "exec", "runbook:vacuum", "db", "id", List.of("vacuumdb", "-a"), null,
                null, T0.toString(), null, FixResult.Started, null, null, null);
        s = s.toBuilder().phase(TaskPhase.Remediating).phaseSince(T0.toString()).attempts(List.of(started)).build();

        TaskDecision d = lifecycle.decide(s, null, false, false, mark(2), 1, T0.plusSeconds(20));

        assertThat(d.next().phase()).isEqualTo(TaskPhase.Failed);
        assertThat(d.next().attempts()).singleElement()
                .satisfies(a -> assertThat(a.result()).isEqualTo(FixResult.Interrupted));
        assertThat(d.notices()).extracting(Notice::kind).containsExactly(Notice.Kind.FIX_INTERRUPTED);
    }

    private static ScanMark mark(long n) {
        return new ScanMark(n, T0.plusSeconds(n));
    }
}
