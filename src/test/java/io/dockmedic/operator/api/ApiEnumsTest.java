package io.dockmedic.operator.api;

import io.dockmedic.core.task.ConditionStatus;
import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.IssueSourceType;
import io.dockmedic.core.task.IssueType;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The API's enums cover the core's, one to one, and are written as the reports write them. */
class ApiEnumsTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void everyCoreCategoryIsAnIssueTypeWrittenAsItsReportId() {
        for (Category category : Category.values()) {
            IssueType type = IssueType.of(category);
            assertThat(type.category()).isEqualTo(category);
            assertThat(json.asJson(type)).isEqualTo("\"" + category.id() + "\"");
        }
        assertThat(IssueType.values()).hasSameSizeAs(Category.values());
    }

    @Test
    void everyCoreFixKindIsAFixTypeWrittenAsItsReportId() {
        for (FixKind kind : FixKind.values()) {
            assertThat(FixType.of(kind).kind()).isEqualTo(kind);
            assertThat(json.asJson(FixType.of(kind))).isEqualTo("\"" + kind.id() + "\"");
        }
        assertThat(FixType.values()).hasSameSizeAs(FixKind.values());
    }

    @Test
    void everyIssueSourceIsWrittenAsItsReportId() {
        assertThat(Arrays.stream(IssueSource.values()).map(s -> json.asJson(IssueSourceType.of(s))))
                .containsExactly("\"log\"", "\"state\"");
    }

    @Test
    void conditionStatusIsSpelledAsKubernetesSpellsIt() {
        assertThat(json.asJson(ConditionStatus.of(true))).isEqualTo("\"True\"");
        assertThat(json.unmarshal("\"Unknown\"", ConditionStatus.class)).isEqualTo(ConditionStatus.UNKNOWN);
    }
}
