package io.dockmedic.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskNamesTest {

    @Test
    void theSameIssueAlwaysGetsTheSameName() {
        assertThat(TaskNames.of("shop", "fp-1", n -> false)).isEqualTo(TaskNames.of("shop", "fp-1", n -> false));
    }

    @Test
    void differentIssuesGetDifferentNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            names.add(TaskNames.of("shop", "fingerprint-" + i, n -> false));
        }
        assertThat(names).hasSize(10_000);
    }

    @Test
    void namesOfLongAuditsStayValidLabelValuesAndDistinct() {
        String a = "a".repeat(200) + "-one";
        String b = "a".repeat(200) + "-two";
        String nameA = TaskNames.of(a, "fp", n -> false);
        String nameB = TaskNames.of(b, "fp", n -> false);
        assertThat(nameA).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        assertThat(nameB).hasSizeLessThanOrEqualTo(63);
        assertThat(nameA).isNotEqualTo(nameB);
        assertThat(TaskNames.auditLabel(a)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void aShortNameHeldByAnotherFingerprintFallsBackToALongerHash() {
        String shortName = TaskNames.of("shop", "fp", n -> false);
        String fallback = TaskNames.of("shop", "fp", shortName::equals);
        assertThat(fallback).startsWith(shortName).hasSize(shortName.length() + 6);
    }
}
