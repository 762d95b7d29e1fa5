package io.dockmedic.core.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingAccuracyTest {

    @Test
    void identicalGroupingScoresOneWhateverTheLabels() {
        GroupingAccuracy a = GroupingAccuracy.of(List.of("E1", "E2", "E1"), List.of("x", "y", "x"));
        assertThat(a.ga()).isEqualTo(1.0);
        assertThat(a.fga()).isEqualTo(1.0);
    }

    @Test
    void mergedGroupsCountNoneOfTheirLinesCorrect() {
        // E1 and E2 merged into x: 3 wrong lines; E3 alone in y: right.
        GroupingAccuracy a = GroupingAccuracy.of(List.of("E1", "E2", "E1", "E3"), List.of("x", "x", "x", "y"));
        assertThat(a.ga()).isEqualTo(0.25);
        // precision 1/2, recall 1/3
        assertThat(a.fga()).isCloseTo(2 * 0.5 * (1.0 / 3) / (0.5 + 1.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void splitGroupCountsNoneOfItsLinesCorrect() {
        GroupingAccuracy a = GroupingAccuracy.of(List.of("E1", "E1", "E2"), List.of("x", "z", "y"));
        assertThat(a.ga()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.correctGroups()).isEqualTo(1);
        assertThat(a.predictedGroups()).isEqualTo(3);
        assertThat(a.trueGroups()).isEqualTo(2);
    }

    @Test
    void rejectsListsOfDifferentLength() {
        assertThatThrownBy(() -> GroupingAccuracy.of(List.of("E1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
