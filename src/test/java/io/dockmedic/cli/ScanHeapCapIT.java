package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar under a small heap: {@code dockmedic scan --file} of 300,000 distinct ERROR lines with
 * {@code -Xmx64m} finishes (no OutOfMemoryError) and its report says it is truncated, with every line
 * either counted in an issue or counted as dropped. Needs no Docker; an IT because it runs the packaged
 * jar in its own JVM and takes about a minute. Prints the figures.
 */
class ScanHeapCapIT {

    private static final int LINES = 300_000;

    @TempDir
    Path dir;

    @Test
    void threeHundredThousandDistinctErrorsUnderA64MiBHeapEndInATruncatedReport()
            throws IOException, InterruptedException {
        Path jar = Path.of("target/dockmedic.jar");
        assertThat(jar).as("mvn verify builds the jar before integration tests").exists();
        Path log = dir.resolve("distinct.log");
        writeDistinctErrors(log, LINES);

        long start = System.nanoTime();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", jar.toString(), "scan", "--file", log.toString(), "--output", dir.toString())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
        assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("scan finished").isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;

        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(stderr).doesNotContain("OutOfMemoryError");
        assertThat(process.exitValue()).as(stderr).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("docker_audit_report.json").toFile());
        assertThat(report.get("truncated").asBoolean()).isTrue();
        JsonNode dropped = report.get("dropped");
        long kept = report.get("summary").get("total_issues").asLong();
        assertThat(dropped.get("issues_kept").asLong()).isEqualTo(kept);
        assertThat(dropped.get("new_issues").asLong()).isPositive();
        long counted = 0;
        for (JsonNode issue : report.get("issues")) {
            counted += issue.get("occurrences").asLong();
        }
        assertThat(counted + dropped.get("occurrences").asLong()).as("every ERROR line counted or dropped")
                .isEqualTo(LINES);
        assertThat(stderr).contains("new issues were not recorded: the issue ledger is full");
        System.out.printf("ScanHeapCapIT: %,d distinct ERROR lines, -Xmx64m: %.1f s, %,d issues kept, "
                + "%,d occurrences of %s new issues dropped%n", LINES, seconds, kept,
                dropped.get("occurrences").asLong(), dropped.get("new_issues").asText());
    }

    /** Lines whose words are random letters: nothing to mask, so every line is its own template and issue. */
    private static void writeDistinctErrors(Path file, int lines) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                out.write(String.format("2026-12-02T10:%02d:%02d.000Z ERROR %s %s failed: %s %s %s refused by %s%n",
                        i / 60 % 60, i % 60, word(random), word(random), word(random), word(random), word(random),
                        word(random)));
            }
        }
    }

    private static String word(Random random) {
        char[] w = new char[4 + random.nextInt(6)];
        for (int k = 0; k < w.length; k++) {
            w[k] = (char) ('a' + random.nextInt(26));
        }
        return new String(w);
    }
}
