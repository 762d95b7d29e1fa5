package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.bench.LoghubEvaluation;
import io.dockmedic.bench.LoghubSystem;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the miner on the labelled Loghub samples kept in the test resources (src/test/resources/loghub)
 * and prints the table: the eight in-sample systems and the three development systems. The floors sit a
 * little below the measured figures so that a regression fails.
 */
class LoghubEvaluationTest {

    // measured in-sample: mean GA 0.999, mean FGA 0.993, lowest system GA 0.994
    private static final double IN_SAMPLE_MEAN_GA_FLOOR = 0.98;
    private static final double IN_SAMPLE_MEAN_FGA_FLOOR = 0.97;
    private static final double IN_SAMPLE_SYSTEM_GA_FLOOR = 0.97;
    // measured dev: HPC 0.951 / 0.872, Proxifier 1.000 / 1.000, Windows 0.996 / 0.916 (mean 0.982 / 0.929);
    // the floors are issue 13's targets
    private static final double DEV_MEAN_GA_FLOOR = 0.95;
    private static final double DEV_MEAN_FGA_FLOOR = 0.90;

    private static LoghubEvaluation evaluation;

    @BeforeAll
    static void mineEverySystem() throws URISyntaxException {
        List<LoghubSystem> systems = new ArrayList<>(LoghubSystem.loadAll(resource("loghub/in-sample")));
        systems.addAll(LoghubSystem.loadAll(resource("loghub/dev")));
        evaluation = LoghubEvaluation.run(systems);
        System.out.print(evaluation.table());
        System.out.print(evaluation.selfCheck());
    }

    @Test
    void selfCheckFindsAtMostOneTemplatePerSetThatSwallowedManyWordShapes() {
        // measured: one in-sample finding (a "Server <*>" that took environment lines), none in dev
        for (String set : List.of("in-sample", "dev")) {
            long suspects = evaluation.of(set).rows().stream().mapToLong(r -> r.suspects().size()).sum();
            assertThat(suspects).as("self-check findings in %s:%n%s", set, evaluation.of(set).selfCheck())
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void minerGroupsTheInSampleSystemsLikeTheirLabels() {
        LoghubEvaluation inSample = evaluation.of("in-sample");
        assertThat(inSample.rows()).extracting(LoghubEvaluation.Row::system).containsExactly(
                "Apache", "HDFS", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper");
        assertThat(inSample.meanGa()).as("in-sample mean GA").isGreaterThanOrEqualTo(IN_SAMPLE_MEAN_GA_FLOOR);
        assertThat(inSample.meanFga()).as("in-sample mean FGA").isGreaterThanOrEqualTo(IN_SAMPLE_MEAN_FGA_FLOOR);
        for (LoghubEvaluation.Row row : inSample.rows()) {
            assertThat(row.accuracy().ga()).as("GA of %s", row.system())
                    .isGreaterThanOrEqualTo(IN_SAMPLE_SYSTEM_GA_FLOOR);
        }
    }

    @Test
    void minerGroupsTheDevelopmentSystemsLikeTheirLabels() {
        LoghubEvaluation dev = evaluation.of("dev");
        assertThat(dev.rows()).extracting(LoghubEvaluation.Row::system)
                .containsExactly("HPC", "Proxifier", "Windows");
        assertThat(dev.meanGa()).as("dev mean GA").isGreaterThanOrEqualTo(DEV_MEAN_GA_FLOOR);
        assertThat(dev.meanFga()).as("dev mean FGA").isGreaterThanOrEqualTo(DEV_MEAN_FGA_FLOOR);
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = LoghubEvaluationTest.class.getClassLoader().getResource(name);
        assertThat(url).as("test resource %s (src/test/resources/%s)", name, name).isNotNull();
        return Path.of(url.toURI());
    }
}
