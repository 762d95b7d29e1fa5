package io.dockmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.Main;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStoreContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents racing on one state directory as separate processes: 8 agents each run {@code dockmedic tasks next}
 * (a new JVM every time, as an agent's shell would) until it exits 3, over 100 open tasks. Every task is
 * claimed exactly once, by the agent that printed it, and no claim is lost; every file parses. Half the agents
 * name the directory with {@code --state}, half with {@code $DOCKMEDIC_STATE}. Needs no Docker; an IT because
 * it starts about 110 JVMs from the built jar. Prints the figures.
 */
class LocalAgentRaceIT {

    private static final int TASKS = 100;
    private static final int AGENTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eightAgentProcessesClaimEveryTaskExactlyOnce() throws Exception {
        Path jar = Path.of("target/dockmedic.jar");
        assertThat(jar).as("mvn verify builds the jar before integration tests").exists();
        List<String> warnings = new ArrayList<>();
        LocalTaskStore store = LocalTaskStore.openOrCreate(dir, warnings::add, Clock.systemUTC());
        Severity[] severities = Severity.values();
        Instant seen = Instant.parse("2026-12-03T00:00:00Z");
        for (int i = 0; i < TASKS; i++) {
            String name = String.format("shop-task-%03d", i);
            StoredTask made = store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), TaskStoreContract.OWNER,
                    TaskStoreContract.spec("fp-" + i));
            // Few distinct priorities, so agents often go for the same task first and must lose and move on.
            store.patchStatus(name, made.version(), new RemediationTaskStatus.Builder().phase(TaskPhase.Open)
                    .severity(severities[i % severities.length]).occurrences(1L + i % 3)
                    .lastSeen(seen.plusSeconds(i % 5).toString()).build(), Set.of());
        }

        Map<String, List<String>> claimsByTask = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        long start = System.nanoTime();
        List<Future<Integer>> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "agent-" + i;
            boolean byEnvironment = i % 2 == 1;
            agents.add(pool.submit(() -> claimUntilNoneLeft(jar, agent, byEnvironment, claimsByTask)));
        }
        Map<String, Integer> perAgent = new TreeMap<>();
        int processes = 0;
        for (int i = 0; i < AGENTS; i++) {
            int runs = agents.get(i).get(10, TimeUnit.MINUTES);
            processes += runs;
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        claimsByTask.forEach((task, holders) -> holders.forEach(a -> perAgent.merge(a, 1, Integer::sum)));
        assertThat(claimsByTask).as("every task claimed").hasSize(TASKS);
        assertThat(claimsByTask.values()).as("each task by exactly one agent").allSatisfy(h -> assertThat(h).hasSize(1));
        assertThat(perAgent.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TASKS);

        List<StoredTask> tasks = store.listAll();
        assertThat(warnings).as("every file parses").isEmpty();
        assertThat(tasks).hasSize(TASKS);
        for (StoredTask task : tasks) {
            JsonNode file = JSON.readTree(store.file(task.name()).toFile());
            assertThat(file.get("status").get("phase").asText()).isEqualTo("Claimed");
            assertThat(file.get("status").get("claim").get("agent").asText()).as(task.name())
                    .isEqualTo(claimsByTask.get(task.name()).get(0));
            assertThat(task.version()).as("create, open, one claim: no write lost or doubled").isEqualTo("3");
        }
        try (Stream<Path> files = Files.list(dir.resolve(LocalTaskStore.TASKS))) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).as("no temporary file left").isEmpty();
        }
        System.out.printf("LocalAgentRaceIT: %d agents, %d tasks, %d 'tasks next' processes in %.1f s; claims per "
                + "agent %s; double claims 0, lost claims 0%n", AGENTS, TASKS, processes, seconds, perAgent);
    }

    /** One agent: {@code tasks next} in a new JVM until it exits 3; returns how many processes it ran. */
    private int claimUntilNoneLeft(Path jar, String agent, boolean byEnvironment, Map<String, List<String>> claims)
            throws IOException, InterruptedException {
        Path out = dir.resolve(agent + ".out");
        Path err = dir.resolve(agent + ".err");
        for (int run = 1; ; run++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", jar.toString(),
                    Main.class.getName(), "tasks", "next", "--agent", agent, "--lease", "1h"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove("DOCKMEDIC_STATE");
            if (byEnvironment) {
                builder.environment().put("DOCKMEDIC_STATE", dir.toString());
            } else {
                command.addAll(List.of("--state", dir.toString()));
                builder.command(command);
            }
            Process process = builder.start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(agent + " run " + run + " finished").isTrue();
            int code = process.exitValue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (code == 3) {
                assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEmpty();
                return run;
            }
            assertThat(code).as(agent + ": " + stderr).isZero();
            assertThat(stderr).isEmpty();
            JsonNode handoff = JSON.readTree(out.toFile());
            assertThat(handoff.get("claim").get("agent").asText()).isEqualTo(agent);
            claims.computeIfAbsent(handoff.get("name").asText(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(agent);
        }
    }
}
