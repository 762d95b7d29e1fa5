package io.dockmedic.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

    private static final Condition READY_AT_1 = new Condition("Ready", ConditionStatus.TRUE, "ScanSucceeded", "ok",
            "2026-11-27T10:00:00Z", 1L);

    @Test
    void lastTransitionTimeIsKeptWhileTheStatusStaysTheSame() {
        List<Condition> next = Condition.upsert(List.of(READY_AT_1), new Condition("Ready", ConditionStatus.TRUE,
                "ScanSucceeded", "still ok", "2026-11-27T10:05:00Z", 2L));

        assertThat(next).singleElement().satisfies(c -> {
            assertThat(c.lastTransitionTime()).isEqualTo("2026-11-27T10:00:00Z");
            assertThat(c.message()).isEqualTo("still ok");
            assertThat(c.observedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void lastTransitionTimeMovesWhenTheStatusFlips() {
        List<Condition> next = Condition.upsert(List.of(READY_AT_1), new Condition("Ready", ConditionStatus.FALSE,
                "EngineUnreachable", "down", "2026-11-27T10:05:00Z", 1L));

        assertThat(next).singleElement().extracting(Condition::lastTransitionTime).isEqualTo("2026-11-27T10:05:00Z");
    }

    @Test
    void conditionsOfOtherTypesAreLeftAsTheyAre() {
        Condition agents = new Condition("AgentReviewed", ConditionStatus.TRUE, "Reviewed", "by agent-7",
                "2026-11-27T09:00:00Z", null);

        List<Condition> next = Condition.upsert(List.of(agents, READY_AT_1), new Condition("Ready",
                ConditionStatus.FALSE, "ScanFailed", "x", "2026-11-27T10:05:00Z", 1L));

        assertThat(next).hasSize(2).first().isEqualTo(agents);
    }
}
