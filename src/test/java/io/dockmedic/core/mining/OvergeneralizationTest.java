package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OvergeneralizationTest {

    @Test
    void templateWhoseWildcardTookDifferentlyShapedTokensIsReported() {
        Overgeneralization check = new Overgeneralization(4);
        for (String message : new String[] {"config retries=3,timeout=5s", "config queue=7,depth=12",
            "config /etc/app.yaml", "config 42", "config cpu:93%", "config reloaded"}) {
            check.add(message, "t1", "config <*>");
        }
        assertThat(check.findings()).singleElement().satisfies(f -> {
            assertThat(f.templateId()).isEqualTo("t1");
            assertThat(f.position()).isEqualTo(1);
            assertThat(f.shapes()).isGreaterThanOrEqualTo(4);
            assertThat(f.examples()).contains("retries=<NUM>,timeout=<DURATION>");
        });
    }

    @Test
    void manyNamesOfOneKindUnderOneWildcardAreNotReported() {
        Overgeneralization check = new Overgeneralization(4);
        for (String user : new String[] {"admin", "oracle", "test-1", "db_backup", "www.example.org", "carol"}) {
            check.add("Invalid user " + user + " from 10.0.0.1", "t2", "Invalid user <*> from <IP>");
        }
        assertThat(check.findings()).isEmpty();
    }

    @Test
    void shapeKeepsStructureAndForgetsWords() {
        assertThat(Overgeneralization.shape("proxy.example.org:<NUM>")).isEqualTo("w:<NUM>");
        assertThat(Overgeneralization.shape("retries=<NUM>,timeout=<DURATION>")).isEqualTo("w=<NUM>,w=<DURATION>");
        assertThat(Overgeneralization.shape("42")).isEqualTo("9");
    }
}
