package io.dockmedic.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.rules.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskStore} must do for the lifecycle and the agents to be safe: conditional status
 * writes with exactly one winner, merge-patch semantics (set, keep, clear), and not-found.
 */
public abstract class TaskStoreContract {

    /** The owner tasks are created with. */
    public static final TaskStore.AuditOwner OWNER = new TaskStore.AuditOwner("shop", "5c0d5a5e-0000-4000-8000-000000000001");

    private TaskStore store;

    /** A new, empty store (for the API server: a fresh namespace). */
    protected abstract TaskStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    /** A valid spec for a task of fingerprint {@code fingerprint}. */
    public static RemediationTaskSpec spec(String fingerprint) {
        return new RemediationTaskSpec(new AuditReference("shop"), fingerprint, "shop/db", IssueSourceType.LOG,
                IssueType.DATABASE, Severity.HIGH, "deadlock detected while updating order <*>", "db.deadlock",
                "Look at the transactions that deadlock", FixType.AGENT);
    }

    private StoredTask created(String name, String audit) {
        return store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, audit), OWNER, spec("fp-" + name));
    }

    @Test
    void aCreatedTaskIsReadBackAndListedByItsAuditLabel() {
        StoredTask made = created("db-1", "shop");
        created("db-2", "other");

        assertThat(made.version()).isNotBlank();
        assertThat(made.status()).isNull();
        StoredTask read = store.get("db-1").orElseThrow();
        assertThat(read.spec()).isEqualTo(spec("fp-db-1"));
        assertThat(read.ownerUid()).isEqualTo(OWNER.uid());
        assertThat(store.list("shop")).extracting(StoredTask::name).containsExactly("db-1");
        assertThat(store.listAll()).extracting(StoredTask::name).containsExactlyInAnyOrder("db-1", "db-2");
    }

    @Test
    void creatingATaskThatExistsConflicts() {
        created("db-1", "shop");
        assertThatThrownBy(() -> created("db-1", "shop")).isInstanceOf(TaskConflictException.class);
    }

    @Test
    void ofTwoWritesFromTheSameCopyExactlyOneWins() {
        StoredTask read = created("db-1", "shop");
        RemediationTaskStatus open = new RemediationTaskStatus.Builder().phase(TaskPhase.Open).occurrences(1L).build();
        StoredTask written = store.patchStatus("db-1", read.version(), open, Set.of());

        assertThat(written.version()).isNotEqualTo(read.version());
        assertThat(written.status().phase()).isEqualTo(TaskPhase.Open);
        RemediationTaskStatus claimed = new RemediationTaskStatus.Builder().phase(TaskPhase.Claimed)
                .claim(new Claim("agent-b", "2026-01-01T00:00:00Z", null, null)).build();
        assertThatThrownBy(() -> store.patchStatus("db-1", read.version(), claimed, Set.of()))
                .as("a write decided from the copy before the first write")
                .isInstanceOf(TaskConflictException.class);
        assertThat(store.get("db-1").orElseThrow().status()).isEqualTo(open);
    }

    @Test
    void aPatchSetsItsFieldsRemovesTheClearedOnesAndKeepsTheRest() {
        StoredTask read = created("db-1", "shop");
        StoredTask first = store.patchStatus("db-1", read.version(), new RemediationTaskStatus.Builder()
                .phase(TaskPhase.Claimed).occurrences(7L).lastSeen("2026-01-01T00:00:00Z")
                .claim(new Claim("agent-a", "2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z", "on it"))
                .history(List.of(new HistoryEntry("2026-01-01T00:00:00Z", TaskPhase.Open, "IssueDetected", "m",
                        "dockmedic-operator"))).build(), Set.of());

        StoredTask second = store.patchStatus("db-1", first.version(), new RemediationTaskStatus.Builder()
                .phase(TaskPhase.Open).history(List.of()).build(), Set.of("claim"));

        RemediationTaskStatus status = store.get("db-1").orElseThrow().status();
        assertThat(status.phase()).isEqualTo(TaskPhase.Open);
        assertThat(status.claim()).as("cleared").isNull();
        assertThat(status.occurrences()).as("not in the patch, kept").isEqualTo(7L);
        assertThat(status.lastSeen()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(status.history()).as("a list is replaced whole").isEmpty();
        assertThat(second.status()).isEqualTo(status);
    }

    @Test
    void aNestedObjectIsMergedMemberByMember() {
        StoredTask read = created("db-1", "shop");
        StoredTask first = store.patchStatus("db-1", read.version(), new RemediationTaskStatus.Builder()
                .claim(new Claim("agent-a", "2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z", "on it")).build(),
                Set.of());
        store.patchStatus("db-1", first.version(), new RemediationTaskStatus.Builder()
                .claim(new Claim("agent-a", null, "2026-01-01T01:00:00Z", null)).build(), Set.of());

        assertThat(store.get("db-1").orElseThrow().status().claim())
                .isEqualTo(new Claim("agent-a", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "on it"));
    }

    @Test
    void labelsAreMergedIntoTheExistingOnes() {
        StoredTask read = created("db-1", "shop");
        store.updateMetadata(read, Map.of(TaskPlanner.LABEL_PHASE, "Open"), OWNER);
        assertThat(store.get("db-1").orElseThrow().labels()).containsEntry(TaskPlanner.LABEL_AUDIT, "shop")
                .containsEntry(TaskPlanner.LABEL_PHASE, "Open");
    }

    @Test
    void aMissingTaskIsEmptyOnReadAndNotFoundOnWrite() {
        assertThat(store.get("missing")).isEmpty();
        assertThatThrownBy(() -> store.patchStatus("missing", "1", RemediationTaskStatus.empty(), Set.of()))
                .isInstanceOf(TaskNotFoundException.class);
    }
}
