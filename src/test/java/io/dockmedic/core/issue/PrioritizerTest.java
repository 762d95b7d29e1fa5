package io.dockmedic.core.issue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrioritizerTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void priorityOrderIsDeterministic() {
        List<Issue> issues = List.of(
                issue("a", "web", Severity.HIGH, T0.plusSeconds(10), 5),
                issue("b", "web", Severity.CRITICAL, T0, 1),
                issue("c", "db", Severity.HIGH, T0.plusSeconds(10), 9),
                issue("d", "api", Severity.HIGH, T0.plusSeconds(10), 5),
                issue("e", "api", Severity.HIGH, T0.plusSeconds(10), 5),
                issue("f", "api", Severity.LOW, T0.plusSeconds(99), 1000),
                issue("g", "api", Severity.HIGH, T0.plusSeconds(20), 1));
        List<String> expected = List.of("b", "g", "c", "d", "e", "a", "f");
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Issue> shuffled = new ArrayList<>(issues);
            Collections.shuffle(shuffled, random);
            List<Issue> ranked = Prioritizer.rank(shuffled);
            assertThat(ranked).extracting(Issue::fingerprint).containsExactlyElementsOf(expected);
            assertThat(ranked).extracting(Issue::priority).containsExactly(1, 2, 3, 4, 5, 6, 7);
        }
    }

    private static Issue issue(String fp, String container, Severity severity, Instant lastSeen, long occurrences) {
        return new Issue(fp, container, container, "id-" + container, "img", null, severity, Category.NETWORK,
                IssueSource.LOG, "t", "s", "s", occurrences, T0, lastSeen, "r", "a", FixKind.AGENT, 0);
    }
}
