package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleCatalogTest {

    private final RuleCatalog catalog = RuleCatalog.builtIn();

    @Test
    void ruleMatchingIsCaseInsensitiveAndIgnoresWhereTheWordsAre() {
        assertThat(catalog.match("SOMETHING: NO SPACE LEFT ON DEVICE", false, false)).map(Rule::id).contains("disk.full");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /index.html HTTP/1.1 200 612",
        "listening on 0.0.0.0:8080",
        "checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added, 0 removed",
        "Ready to accept connections tcp",
        "database system is ready to accept connections",
        "error_log /var/log/nginx/error.log warn;",
        "Server initialized",
        "the database system is ready to accept connections"})
    void ordinaryLinesMatchNoRule(String message) {
        assertThat(catalog.match(message, false, true)).isEmpty();
    }

    @Test
    void wordingRulesApplyOnlyToLinesWithoutALevel() {
        assertThat(catalog.match("failed to reach the ledger", false, true)).map(Rule::id).contains("generic.error-wording");
        assertThat(catalog.match("failed to reach the ledger", false, false)).isEmpty();
    }

    @Test
    void stackTraceRuleNeedsAStackTrace() {
        assertThat(catalog.match("Request failed", true, false)).map(Rule::id).contains("exception.stack-trace");
        assertThat(catalog.match("Request failed", false, false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "processed 1200 messages, errors=0",
        "Ran 42 tests: 0 errors, 0 failures",
        "no errors found in 12 files",
        "sync done; failed: 0",
        "Auth database shutdown completed",
        "worker exited with code 0",
        "{\"errors\":0,\"took\":12}",
        "error_log /var/log/nginx/error.log warn;"})
    void benignGuardsRecogniseReportsOfNothingWrong(String message) {
        assertThat(catalog.isBenign(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"errors=3", "1 error generated", "failed: 10", "connection refused", "errors=0.5"})
    void benignGuardsDoNotSilenceRealCounts(String message) {
        assertThat(catalog.isBenign(message)).isFalse();
    }

    @Test
    void userRulesAreTriedBeforeBuiltInOnes() {
        Rule mine = Rule.of("acme.refused", "dependency", "critical", "connection refused", List.of("refused"),
                "Page the ACME team", "agent");
        RuleCatalog withMine = catalog.withRules(List.of(mine));
        assertThat(withMine.match("dial tcp 10.0.0.1:80: connection refused", false, false)).contains(mine);
        assertThat(catalog.match("dial tcp 10.0.0.1:80: connection refused", false, false))
                .map(Rule::id).contains("net.connection-refused");
    }

    @Test
    void userRuleWithoutKeywordsStillMatchesThroughItsPattern() {
        Rule mine = Rule.of("acme.ledger", "application_error", "high", "ledger (?:is )?out of balance", null, "", null);
        assertThat(catalog.withRules(List.of(mine)).match("Ledger out of balance by 3 cents", false, false)).contains(mine);
    }

    @Test
    void invalidUserRulesAreRejectedWithTheRuleId() {
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "high", "(unclosed", null, "", "agent"))
                .hasMessageContaining("acme.bad").hasMessageContaining("pattern is not a valid RE2 regular expression");
        assertThatThrownBy(() -> Rule.of("acme.bad", "databse", "high", "x", null, "", "agent"))
                .hasMessageContaining("databse");
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "urgent", "x", null, "", "agent"))
                .hasMessageContaining("urgent");
        assertThatThrownBy(() -> Rule.of("acme.bad", "database", "high", null, null, "", "agent"))
                .hasMessageContaining("needs keywords or a pattern");
        assertThatThrownBy(() -> catalog.withRules(List.of(Rule.of("db.deadlock", "database", "low", "x", null, "", null))))
                .hasMessageContaining("duplicate rule id 'db.deadlock'");
    }
}
