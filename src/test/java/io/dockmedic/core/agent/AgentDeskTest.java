package io.dockmedic.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.InMemoryTaskStore;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.SilenceState;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.core.task.TaskStoreContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agents' protocol over a store that behaves like the API server (conditional merge patches). */
class AgentDeskTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(30);

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final MovableClock clock = new MovableClock(T0);
    private final AgentDesk desk = new AgentDesk(store, clock);

    /** Creates a task as the operator would leave it: in {@code phase}, with counts and a history. */
    private StoredTask task(String name, TaskPhase phase, Severity severity, String lastSeen, long occurrences) {
        StoredTask created = store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), TaskStoreContract.OWNER,
                TaskStoreContract.spec("fp-" + name));
        return store.patchStatus(name, created.version(), new RemediationTaskStatus.Builder().phase(phase)
                .severity(severity).lastSeen(lastSeen).occurrences(occurrences).history(List.of(
                        new HistoryEntry(T0.minusSeconds(3600).toString(), TaskPhase.Open, "IssueDetected", "seen",
                                "dockmedic-operator"))).build(), Set.of());
    }

    private StoredTask open(String name) {
        return task(name, TaskPhase.Open, Severity.HIGH, T0.toString(), 3);
    }

    @Test
    void ofTwoClaimsDecidedFromTheSameCopyExactlyOneIsWritten() {
        StoredTask copy = open("db-1");
        AgentWrite a = AgentActions.claim(copy, "agent-a", LEASE, null, T0);
        AgentWrite b = AgentActions.claim(copy, "agent-b", LEASE, null, T0);

        store.patchStatus("db-1", copy.version(), a.patch(), a.cleared());
        assertThatThrownBy(() -> store.patchStatus("db-1", copy.version(), b.patch(), b.cleared()))
                .isInstanceOf(TaskConflictException.class);
        assertThat(store.get("db-1").orElseThrow().status().claim().agent()).isEqualTo("agent-a");
    }

    @Test
    void anAgentThatLosesTheRaceReadsAgainAndIsRefusedWithTheWinnersName() {
        open("db-1");
        // Agent A's claim lands between agent B's read and B's write.
        TaskStore racing = new WriteFirst(store, () -> desk.claim("db-1", "agent-a", LEASE, null));
        AgentDesk deskB = new AgentDesk(racing, clock);

        assertThatThrownBy(() -> deskB.claim("db-1", "agent-b", LEASE, null))
                .isInstanceOf(AgentRefusedException.class).hasMessageContaining("claimed by agent-a");
        assertThat(store.get("db-1").orElseThrow().status().claim().agent()).isEqualTo("agent-a");
    }

    @Test
    void aClaimKeepsTheOperatorsCountsAndRecordsTheLease() {
        open("db-1");
        StoredTask claimed = desk.claim("db-1", "agent-a", LEASE, "looking at the deadlock");

        RemediationTaskStatus status = claimed.status();
        assertThat(status.phase()).isEqualTo(TaskPhase.Claimed);
        assertThat(status.claim()).isEqualTo(new Claim("agent-a", T0.toString(), T0.plus(LEASE).toString(),
                "looking at the deadlock"));
        assertThat(status.occurrences()).isEqualTo(3);
        assertThat(status.severity()).isEqualTo(Severity.HIGH);
        assertThat(status.history()).extracting(HistoryEntry::reason).containsExactly("IssueDetected", "Claimed");
    }

    @Test
    void aValidLeaseIsNotClaimableAndAnExpiredOneIs() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, null);

        clock.set(T0.plus(LEASE));
        assertThatThrownBy(() -> desk.claim("db-1", "agent-b", LEASE, null))
                .isInstanceOf(AgentRefusedException.class).hasMessageContaining("claimed by agent-a until");
        assertThat(desk.next("agent-b", LEASE, null)).isEmpty();

        clock.set(T0.plus(LEASE).plusSeconds(1));
        StoredTask taken = desk.next("agent-b", LEASE, null).orElseThrow();
        assertThat(taken.status().claim().agent()).isEqualTo("agent-b");
    }

    @Test
    void onlyTheHolderRenewsReleasesOrResolves() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, null);

        assertThatThrownBy(() -> desk.renew("db-1", "agent-b", LEASE)).isInstanceOf(AgentRefusedException.class)
                .hasMessage("task db-1 is claimed by agent-a, not by agent-b");
        assertThatThrownBy(() -> desk.release("db-1", "agent-b", null)).isInstanceOf(AgentRefusedException.class);
        assertThatThrownBy(() -> desk.resolve("db-1", "agent-b", "done", List.of(), null))
                .isInstanceOf(AgentRefusedException.class);
        assertThat(store.get("db-1").orElseThrow().status().claim().agent()).isEqualTo("agent-a");
    }

    @Test
    void aRenewalExtendsTheLeaseFromNow() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, "note");
        clock.set(T0.plus(Duration.ofMinutes(20)));

        StoredTask renewed = desk.renew("db-1", "agent-a", Duration.ofHours(1));

        assertThat(renewed.status().claim()).isEqualTo(new Claim("agent-a", T0.toString(),
                T0.plus(Duration.ofMinutes(80)).toString(), "note"));
        assertThat(renewed.status().phase()).isEqualTo(TaskPhase.Claimed);
    }

    @Test
    void aHolderWhoseLeasePassedCannotResolve() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, null);
        clock.set(T0.plus(LEASE).plusSeconds(1));

        assertThatThrownBy(() -> desk.resolve("db-1", "agent-a", "done", List.of(), null))
                .isInstanceOf(AgentRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void aReleasedTaskIsOpenWithoutAClaim() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, null);

        StoredTask released = desk.release("db-1", "agent-a", "needs a person");

        assertThat(released.status().phase()).isEqualTo(TaskPhase.Open);
        assertThat(released.status().claim()).isNull();
        assertThat(released.status().history()).last().satisfies(h -> assertThat(h.message())
                .isEqualTo("Released by agent-a. needs a person"));
        assertThat(desk.next("agent-b", LEASE, null)).map(StoredTask::name).contains("db-1");
    }

    @Test
    void aResolvedTaskIsFixedWithTheAgentsResolution() {
        open("db-1");
        desk.claim("db-1", "agent-a", LEASE, null);
        clock.set(T0.plusSeconds(600));

        StoredTask fixed = desk.resolve("db-1", "agent-a", " Added a retry ", List.of("src/db.py", "commit abc123"),
                "lock order");

        assertThat(fixed.status().phase()).isEqualTo(TaskPhase.Fixed);
        assertThat(fixed.status().phaseSince()).isEqualTo(T0.plusSeconds(600).toString());
        assertThat(fixed.status().resolution().summary()).isEqualTo("Added a retry");
        assertThat(fixed.status().resolution().changes()).containsExactly("src/db.py", "commit abc123");
        assertThat(fixed.status().resolution().learning()).isEqualTo("lock order");
        assertThat(fixed.status().resolution().by()).isEqualTo("agent-a");
        assertThat(fixed.status().occurrences()).isEqualTo(3);
        assertThatThrownBy(() -> desk.resolve("db-1", "agent-a", " ", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextClaimsTheMostUrgentAndSkipsClaimedFixedAndSilencedTasks() {
        task("low", TaskPhase.Open, Severity.LOW, T0.toString(), 100);
        task("critical-claimed", TaskPhase.Open, Severity.CRITICAL, T0.toString(), 1);
        task("critical-fixed", TaskPhase.Fixed, Severity.CRITICAL, T0.toString(), 1);
        StoredTask silenced = task("critical-silenced", TaskPhase.Open, Severity.CRITICAL, T0.toString(), 1);
        store.patchStatus(silenced.name(), silenced.version(), new RemediationTaskStatus.Builder()
                .silence(new SilenceState("noise", "IGNORE", "known", null)).build(), Set.of());
        task("high-old", TaskPhase.Regressed, Severity.HIGH, T0.minusSeconds(60).toString(), 50);
        task("high-new", TaskPhase.Failed, Severity.HIGH, T0.toString(), 1);
        desk.claim("critical-claimed", "agent-z", LEASE, null);

        assertThat(List.of(next("a"), next("b"), next("c"), next("d")))
                .containsExactly(Optional.of("high-new"), Optional.of("high-old"), Optional.of("low"), Optional.empty());
    }

    @Test
    void theListIsInPriorityOrderSeverityThenRecencyThenFrequencyThenName() {
        task("b-high", TaskPhase.Open, Severity.HIGH, T0.toString(), 5);
        task("a-high", TaskPhase.Open, Severity.HIGH, T0.toString(), 5);
        task("high-frequent", TaskPhase.Open, Severity.HIGH, T0.toString(), 9);
        task("high-older", TaskPhase.Open, Severity.HIGH, T0.minusSeconds(1).toString(), 99);
        task("medium", TaskPhase.Resolved, Severity.MEDIUM, T0.plusSeconds(5).toString(), 99);
        task("critical", TaskPhase.Claimed, Severity.CRITICAL, T0.minusSeconds(99).toString(), 1);

        assertThat(desk.list(Set.of())).extracting(StoredTask::name)
                .containsExactly("critical", "high-frequent", "a-high", "b-high", "high-older", "medium");
        assertThat(desk.list(Set.of(TaskPhase.Resolved, TaskPhase.Claimed))).extracting(StoredTask::name)
                .containsExactly("critical", "medium");
    }

    @Test
    void nextMovesOnWhenAnotherAgentWinsTheFirstChoice() {
        task("first", TaskPhase.Open, Severity.CRITICAL, T0.toString(), 1);
        task("second", TaskPhase.Open, Severity.LOW, T0.toString(), 1);
        TaskStore racing = new WriteFirst(store, () -> desk.claim("first", "agent-a", LEASE, null));

        StoredTask got = new AgentDesk(racing, clock).next("agent-b", LEASE, null).orElseThrow();

        assertThat(got.name()).isEqualTo("second");
        assertThat(store.get("first").orElseThrow().status().claim().agent()).isEqualTo("agent-a");
    }

    @Test
    void badLeasesAndAgentNamesAreRefusedBeforeAnyWrite() {
        StoredTask copy = open("db-1");
        assertThatThrownBy(() -> desk.claim("db-1", "agent-a", Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> desk.claim("db-1", "agent-a", Duration.ofHours(25), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> desk.claim("db-1", " ", LEASE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("db-1").orElseThrow().version()).isEqualTo(copy.version());
    }

    private Optional<String> next(String agent) {
        return desk.next(agent, LEASE, null).map(StoredTask::name);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A store where another writer's action runs once, just before the first status write. */
    private static final class WriteFirst implements TaskStore {
        private final TaskStore store;
        private Runnable before;

        WriteFirst(TaskStore store, Runnable before) {
            this.store = store;
            this.before = before;
        }

        @Override
        public List<StoredTask> list(String auditLabel) {
            return store.list(auditLabel);
        }

        @Override
        public List<StoredTask> listAll() {
            return store.listAll();
        }

        @Override
        public Optional<StoredTask> get(String name) {
            return store.get(name);
        }

        @Override
        public StoredTask create(String name, Map<String, String> labels, AuditOwner owner,
                io.dockmedic.core.task.RemediationTaskSpec spec) {
            return store.create(name, labels, owner, spec);
        }

        @Override
        public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
            return store.updateMetadata(task, labels, owner);
        }

        @Override
        public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared) {
            Runnable first = before;
            before = null;
            if (first != null) {
                first.run();
            }
            return store.patchStatus(name, version, patch, cleared);
        }
    }
}
