package io.dockmedic.report;

import static io.dockmedic.report.Issues.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueTableTest {

    private static final List<Issue> ISSUES = List.of(
            issue("aaaaaaaa11111111", "db", Severity.CRITICAL, Category.MEMORY, IssueSource.STATE,
                    "container was killed for exceeding its memory limit (OOMKilled)", FixKind.RESTART, 1, 1),
            issue("bbbbbbbb22222222", "api-gateway", Severity.HIGH, Category.APPLICATION_EXCEPTION, IssueSource.LOG,
                    "java.lang.IllegalStateException at com.shop.Cart.add\n\tat com.shop.Api.handle", FixKind.AGENT, 1234, 2));

    @Test
    void showsSeverityContainerCountAndIssueInAlignedColumns() {
        String table = IssueTable.render(ISSUES, 200);

        assertThat(table.lines()).containsExactly(
                "SEVERITY  CONTAINER    COUNT  ISSUE",
                "CRITICAL  db               1  container was killed for exceeding its memory limit (OOMKilled)",
                "HIGH      api-gateway   1234  java.lang.IllegalStateException at com.shop.Cart.add");
    }

    @Test
    void fitsANarrowTerminalByShorteningTheIssue() {
        String table = IssueTable.render(ISSUES, 60);

        assertThat(table.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(table.lines().skip(1)).allSatisfy(line -> assertThat(line).endsWith("..."));
    }

    @Test
    void controlCharactersInLogTextCannotReachTheTerminal() {
        Issue sneaky = issue("eeeeeeee55555555", "web", Severity.MEDIUM, Category.NETWORK, IssueSource.LOG,
                "upstream \u001b[31mred\u0007 failed", FixKind.AGENT, 3, 1);

        assertThat(IssueTable.render(List.of(sneaky), 120)).doesNotContain("\u001b", "\u0007").contains("upstream  [31mred  failed");
    }

    @Test
    void saysSoWhenThereIsNothingToShow() {
        assertThat(IssueTable.render(List.of(), 80)).isEqualTo("No issues found.\n");
    }
}
