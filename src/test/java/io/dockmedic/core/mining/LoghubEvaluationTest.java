package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.bench.LoghubEvaluation;
import io.dockmedic.bench.LoghubSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scores the miner on the eight labelled Loghub samples beside the repository and prints the table.
 * The floors sit a little below the measured figures so that a regression fails.
 */
class LoghubEvaluationTest {

    // measured: mean GA 0.999, mean FGA 0.993, lowest system GA 0.994 (targets 0.95, 0.85, 0.85)
    private static final double MEAN_GA_FLOOR = 0.98;
    private static final double MEAN_FGA_FLOOR = 0.97;
    private static final double SYSTEM_GA_FLOOR = 0.97;

    @Test
    void minerGroupsLoghubMessagesLikeTheirLabels() throws Exception {
        Path dir = loghubDir();
        assertThat(Files.isDirectory(dir))
                .as("Loghub samples expected in %s (set -Ddockmedic.loghub.dir to override)", dir)
                .isTrue();
        List<LoghubSystem> systems = LoghubSystem.loadAll(dir);
        assertThat(systems).as("labelled systems in %s", dir).hasSize(8);

        LoghubEvaluation evaluation = LoghubEvaluation.run(systems);
        System.out.print(evaluation.table());

        assertThat(evaluation.meanGa()).as("mean GA").isGreaterThanOrEqualTo(MEAN_GA_FLOOR);
        assertThat(evaluation.meanFga()).as("mean FGA").isGreaterThanOrEqualTo(MEAN_FGA_FLOOR);
        for (LoghubEvaluation.Row row : evaluation.rows()) {
            assertThat(row.accuracy().ga()).as("GA of %s", row.system()).isGreaterThanOrEqualTo(SYSTEM_GA_FLOOR);
        }
    }

    /**
     * {@code -Ddockmedic.loghub.dir}, else {@code ../shared/datasets/loghub} beside the repository; from a
     * git worktree, beside the main checkout the worktree belongs to.
     */
    static Path loghubDir() throws java.io.IOException {
        String override = System.getProperty("dockmedic.loghub.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path beside = base.resolve("../shared/datasets/loghub").normalize();
        Path gitFile = base.resolve(".git");
        if (!Files.isDirectory(beside) && Files.isRegularFile(gitFile)) {
            // a worktree's .git file reads "gitdir: <main>/.git/worktrees/<name>"
            String gitdir = Files.readString(gitFile).trim();
            int at = gitdir.indexOf("/.git/worktrees/");
            if (gitdir.startsWith("gitdir:") && at > 0) {
                Path main = Path.of(gitdir.substring("gitdir:".length(), at).trim());
                return main.resolve("../shared/datasets/loghub").normalize();
            }
        }
        return beside;
    }
}
