package io.dockmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskPlanner;
import io.dockmedic.core.task.TaskStoreContract;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process writing the local store, 20 times at random moments: afterwards every task file
 * parses, and its resourceVersion is the last version the writer reported committed, or one more when the kill
 * came between the rename and the report; the content is that version's. Needs no Docker; an IT because it
 * runs child JVMs (from the built jar and the test classes). Prints the figures.
 */
class LocalStoreKillIT {

    private static final int KILLS = 20;
    private static final List<String> TASKS = List.of("shop-db-1", "shop-web-2", "shop-cache-3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aWriterKilledTwentyTimesNeverLeavesATornOrLostTask() throws Exception {
        Path jar = Path.of("target/dockmedic.jar");
        assertThat(jar).as("mvn verify builds the jar before integration tests").exists();
        List<String> warnings = new ArrayList<>();
        LocalTaskStore store = LocalTaskStore.openOrCreate(dir, warnings::add, Clock.systemUTC());
        Map<String, Long> committed = new LinkedHashMap<>();
        for (String name : TASKS) {
            store.create(name, Map.of(TaskPlanner.LABEL_AUDIT, "shop"), TaskStoreContract.OWNER,
                    TaskStoreContract.spec("fp-" + name));
            committed.put(name, 1L);
        }
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int afterRename = 0;
        int tempFilesLeft = 0;
        long writes = 0;
        long start = System.nanoTime();
        for (int kill = 1; kill <= KILLS; kill++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    jar + File.pathSeparator + "target/test-classes", StoreWriterMain.class.getName(), dir.toString()));
            command.addAll(TASKS);
            Process writer = new ProcessBuilder(command).redirectError(dir.resolve("writer.err").toFile()).start();
            Map<String, Long> reported = new ConcurrentHashMap<>();
            CountDownLatch firstCommit = new CountDownLatch(1);
            Thread reader = new Thread(() -> readReports(writer, reported, firstCommit));
            reader.start();
            assertThat(firstCommit.await(60, TimeUnit.SECONDS)).as("the writer committed a first write; stderr: "
                    + Files.readString(dir.resolve("writer.err"))).isTrue();
            Thread.sleep(random.nextInt(400));
            writer.destroyForcibly(); // SIGKILL on Linux
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);

            int beyondReport = 0;
            for (String name : TASKS) {
                Path file = store.file(name);
                JsonNode document = JSON.readTree(file.toFile()); // throws on a torn file
                long version = document.get("metadata").get("resourceVersion").asLong();
                long expected = reported.getOrDefault(name, committed.get(name));
                assertThat(version).as("kill %d, %s: reported %d", kill, name, expected)
                        .isBetween(expected, expected + 1);
                assertThat(document.get("status").get("occurrences").asLong()).as("the content of that version")
                        .isEqualTo(version);
                StoredTask read = store.get(name).orElseThrow();
                assertThat(read.version()).isEqualTo(Long.toString(version));
                beyondReport += version == expected + 1 ? 1 : 0;
                writes += version - committed.get(name);
                committed.put(name, version);
            }
            assertThat(beyondReport).as("only the write under way can be past its report").isLessThanOrEqualTo(1);
            afterRename += beyondReport;
            tempFilesLeft += temporaryFiles().size();
            assertThat(store.listAll()).extracting(StoredTask::name).containsExactlyInAnyOrderElementsOf(TASKS);
            assertThat(warnings).isEmpty();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // The next write (here, in this JVM) sweeps what the last kill left.
        String name = TASKS.get(0);
        store.patchStatus(name, Long.toString(committed.get(name)), RemediationTaskStatus.empty(), Set.of());
        assertThat(temporaryFiles()).isEmpty();
        System.out.printf("LocalStoreKillIT: %d kills in %.1f s (seed %d), %,d writes committed, %d kills between "
                + "a rename and its report, %d temporary files left by kills (swept by the next writer)%n", KILLS,
                seconds, seed, writes, afterRename, tempFilesLeft);
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(LocalTaskStore.TASKS))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Records the last version reported for each task; a line the kill cut short (no final dot) is not a report. */
    private static void readReports(Process writer, Map<String, Long> reported, CountDownLatch firstCommit) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] words = line.split(" ");
                if (words.length == 4 && words[0].equals("committed") && words[3].equals(".")) {
                    reported.put(words[1], Long.parseLong(words[2]));
                    firstCommit.countDown();
                }
            }
        } catch (IOException e) {
            // the pipe closes when the writer dies
        }
    }
}
