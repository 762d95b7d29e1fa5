package io.dockmedic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.core.task.TaskStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store keeps the same contract as the API server and the in-memory fake, on a temporary directory. */
class LocalTaskStoreTest extends TaskStoreContract {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T00:10:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    protected TaskStore newStore() {
        return LocalTaskStore.openOrCreate(dir, warnings::add, CLOCK);
    }

    private LocalTaskStore store() {
        return LocalTaskStore.open(dir, warnings::add, CLOCK);
    }

    private StoredTask created(LocalTaskStore store, String name) {
        return store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), OWNER, spec("fp-" + name));
    }

    @Test
    void aTaskFileIsTheDocumentKubectlWouldShow() throws IOException {
        LocalTaskStore store = store();
        StoredTask made = created(store, "shop-db-1");
        store.patchStatus("shop-db-1", made.version(), new RemediationTaskStatus.Builder().phase(TaskPhase.Open)
                .occurrences(3L).build(), Set.of());

        JsonNode file = JSON.readTree(dir.resolve("tasks/shop-db-1.json").toFile());
        assertThat(file.get("apiVersion").asText()).isEqualTo("dockmedic.io/v1alpha1");
        assertThat(file.get("kind").asText()).isEqualTo("RemediationTask");
        JsonNode meta = file.get("metadata");
        assertThat(meta.get("name").asText()).isEqualTo("shop-db-1");
        assertThat(meta.has("namespace")).as("local tasks have no namespace").isFalse();
        assertThat(meta.get("resourceVersion").asText()).isEqualTo("2");
        assertThat(meta.get("creationTimestamp").asText()).isEqualTo("2026-12-03T00:10:00Z");
        assertThat(meta.get("uid").asText()).isEqualTo(made.uid()).isNotBlank();
        assertThat(meta.get("labels").get(TaskPlanner.LABEL_AUDIT).asText()).isEqualTo("shop");
        JsonNode owner = meta.get("ownerReferences").get(0);
        assertThat(owner.get("kind").asText()).isEqualTo("LogAudit");
        assertThat(owner.get("name").asText()).isEqualTo(OWNER.name());
        assertThat(owner.get("uid").asText()).isEqualTo(OWNER.uid());
        assertThat(file.get("spec").get("fingerprint").asText()).isEqualTo("fp-shop-db-1");
        assertThat(file.get("status").get("phase").asText()).isEqualTo("Open");
        assertThat(file.get("status").get("occurrences").asLong()).isEqualTo(3);
    }

    @Test
    void everyWriteCountsTheResourceVersionUpByOne() {
        LocalTaskStore store = store();
        StoredTask task = created(store, "db-1");
        assertThat(task.version()).isEqualTo("1");
        for (int i = 2; i <= 5; i++) {
            task = store.patchStatus("db-1", task.version(), new RemediationTaskStatus.Builder()
                    .occurrences((long) i).build(), Set.of());
            assertThat(task.version()).isEqualTo(Integer.toString(i));
        }
        assertThat(store.updateMetadata(task, Map.of(TaskPlanner.LABEL_PHASE, "Open"), OWNER).version()).isEqualTo("6");
    }

    @Test
    void aSecondStoreOnTheSameDirectorySeesTheWritesAndLosesAStaleWrite() {
        LocalTaskStore first = store();
        LocalTaskStore second = store();
        StoredTask read = created(first, "db-1");
        second.patchStatus("db-1", read.version(), new RemediationTaskStatus.Builder().phase(TaskPhase.Open).build(),
                Set.of());

        assertThat(first.get("db-1").orElseThrow().phase()).isEqualTo(TaskPhase.Open);
        assertThatThrownBy(() -> first.patchStatus("db-1", read.version(), RemediationTaskStatus.empty(), Set.of()))
                .isInstanceOf(TaskConflictException.class).hasMessageContaining("version 2, not 1");
    }

    @Test
    void threadsClaimingFromTheSameCopyThroughTwoStoresHaveExactlyOneWinner() throws Exception {
        LocalTaskStore[] stores = {store(), store()};
        StoredTask read = created(stores[0], "db-1");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            LocalTaskStore store = stores[i % 2];
            String agent = "agent-" + i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    store.patchStatus("db-1", read.version(), new RemediationTaskStatus.Builder()
                            .phase(TaskPhase.Claimed).claim(new Claim(agent, "2026-12-03T00:10:00Z", null, null))
                            .build(), Set.of());
                    return true;
                } catch (TaskConflictException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> result : results) {
            won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(stores[1].get("db-1").orElseThrow().version()).isEqualTo("2");
    }

    @Test
    void aCorruptFileIsReportedWithItsPathAndSkippedAndLeftAsItIs() throws IOException {
        LocalTaskStore store = store();
        created(store, "db-1");
        created(store, "db-2");
        Path truncated = dir.resolve("tasks/db-2.json");
        String whole = Files.readString(truncated);
        Files.writeString(truncated, whole.substring(0, whole.length() / 2));

        assertThat(store.listAll()).extracting(StoredTask::name).containsExactly("db-1");
        assertThat(warnings).singleElement().asString().contains(truncated.toString()).contains("does not parse")
                .contains("line ");
        assertThat(Files.readString(truncated)).as("never changed or deleted")
                .isEqualTo(whole.substring(0, whole.length() / 2));
        assertThatThrownBy(() -> store.get("db-2")).isInstanceOf(CorruptTaskFileException.class)
                .hasMessageContaining(truncated.toString());
        assertThatThrownBy(() -> store.patchStatus("db-2", "1", RemediationTaskStatus.empty(), Set.of()))
                .isInstanceOf(CorruptTaskFileException.class);
        assertThatThrownBy(() -> created(store, "db-2")).as("a name whose file exists is taken")
                .isInstanceOf(TaskConflictException.class);
        assertThat(Files.readString(truncated)).isEqualTo(whole.substring(0, whole.length() / 2));
    }

    @Test
    void handEditedFilesThatAreNotTasksAreEachNamedWithTheirFault() throws IOException {
        LocalTaskStore store = store();
        created(store, "good");
        Path tasks = dir.resolve("tasks");
        Files.writeString(tasks.resolve("empty.json"), "");
        Files.writeString(tasks.resolve("array.json"), "[1, 2]");
        Files.writeString(tasks.resolve("renamed.json"), Files.readString(tasks.resolve("good.json")));
        Files.writeString(tasks.resolve("typed.json"), Files.readString(tasks.resolve("good.json"))
                .replace("\"name\" : \"good\"", "\"name\" : \"typed\"")
                .replace("\"severity\" : \"HIGH\"", "\"severity\" : \"HUGE\""));
        Files.writeString(tasks.resolve("kind.json"), Files.readString(tasks.resolve("good.json"))
                .replace("\"name\" : \"good\"", "\"name\" : \"kind\"").replace("RemediationTask", "Pod"));
        Files.writeString(tasks.resolve("trailing.json"), Files.readString(tasks.resolve("good.json"))
                .replace("\"name\" : \"good\"", "\"name\" : \"trailing\"") + "}");
        Files.writeString(tasks.resolve("notes.txt"), "not a task file");

        assertThat(store.listAll()).extracting(StoredTask::name).containsExactly("good");
        assertThat(String.join("\n", warnings)).contains(
                tasks.resolve("empty.json") + " does not parse (the file is empty)",
                tasks.resolve("array.json") + " does not parse (not a JSON object)",
                tasks.resolve("renamed.json") + " does not parse (metadata.name is good, not renamed",
                tasks.resolve("typed.json") + " does not parse (not a RemediationTask: ",
                tasks.resolve("kind.json") + " does not parse (apiVersion/kind is dockmedic.io/v1alpha1/Pod",
                tasks.resolve("trailing.json") + " does not parse (");
        assertThat(warnings).hasSize(6).allSatisfy(w -> assertThat(w).doesNotContain("\n"));
        try (Stream<Path> files = Files.list(tasks)) {
            assertThat(files.count()).as("nothing deleted").isEqualTo(9); // 8 files + .lock
        }
    }

    @Test
    void leftoverTemporaryFilesOfACrashedWriterAreIgnoredAndSweptByTheNextWriter() throws IOException {
        LocalTaskStore store = store();
        StoredTask task = created(store, "db-1");
        Path tasks = dir.resolve("tasks");
        Path leftover = tasks.resolve(".db-1.json.0123456789abcdef.tmp");
        Files.writeString(leftover, "{\"apiVersion\":\"dockmedic.io/v1alpha1\",\"ki");
        Path leftoverOfNew = tasks.resolve(".db-9.json.fedcba9876543210.tmp");
        Files.writeString(leftoverOfNew, "");

        LocalTaskStore restarted = store();
        assertThat(restarted.listAll()).extracting(StoredTask::name).containsExactly("db-1");
        assertThat(warnings).as("a temporary file is not a task").isEmpty();
        assertThat(restarted.get("db-9")).isEmpty();

        restarted.patchStatus("db-1", task.version(), RemediationTaskStatus.empty(), Set.of());
        assertThat(leftover).doesNotExist();
        assertThat(leftoverOfNew).doesNotExist();
        assertThat(tasks.resolve("db-1.json")).exists();
    }

    @Test
    void namesThatCouldLeaveTheFolderAreNeverTasks() throws IOException {
        LocalTaskStore store = store();
        Files.writeString(dir.resolve("secret.json"), "{}");
        assertThat(store.get("../secret")).isEmpty();
        assertThat(store.get(".lock")).isEmpty();
        assertThatThrownBy(() -> created(store, "../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.patchStatus("../secret", "1", RemediationTaskStatus.empty(), Set.of()))
                .isInstanceOf(io.dockmedic.core.task.TaskNotFoundException.class);
    }

    @Test
    void aMissingStateDirectoryIsRefusedInOneLineAndNotCreated() throws IOException {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> LocalTaskStore.open(missing, warnings::add, CLOCK))
                .isInstanceOf(LocalStoreException.class)
                .hasMessage("the state directory " + missing + " does not exist");
        assertThat(missing).doesNotExist();
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> LocalTaskStore.open(file, warnings::add, CLOCK))
                .hasMessage("the state directory " + file + " is not a directory");
    }

    @Test
    void anExistingStateDirectoryWithoutTasksListsNothing() throws IOException {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        assertThat(LocalTaskStore.open(fresh, warnings::add, CLOCK).listAll()).isEmpty();
        assertThat(fresh.resolve("tasks")).as("reads create nothing").doesNotExist();
    }
}
