package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus: the plain rules file is the one source, the PrometheusRule carries exactly its
 * groups, every alert is complete and unit-tested with promtool, and every metric the rules and the
 * Grafana dashboard read is one the operator exports.
 */
class AlertRulesTest {

    static final Path RULES = Path.of("deploy/prometheus/dockmedic-rules.yaml");
    private static final Path PROMETHEUS_RULE = Path.of("deploy/prometheus/prometheusrule.yaml");
    private static final Path RULE_TESTS = Path.of("src/test/resources/prometheus/dockmedic-rules.test.yaml");
    private static final Path DASHBOARD = Path.of("deploy/prometheus/grafana-dashboard.json");
    private static final Path ALERTS_DOC = Path.of("SPEC/alerts.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void thePrometheusRuleCarriesExactlyTheGroupsOfThePlainRulesFile() throws IOException {
        JsonNode rule = YAML.readTree(PROMETHEUS_RULE.toFile());
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec")).as("out of date: run scripts/prometheus-rule.sh")
                .isEqualTo(YAML.readTree(RULES.toFile()));
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookSectionThatExists() throws IOException {
        String doc = Files.readString(ALERTS_DOC);
        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("runbook_url").asText()).as(name)
                    .isEqualTo("SPEC/alerts.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(doc).as("SPEC/alerts.md has a section for " + name).contains("\n## " + name + "\n");
            String expr = alert.path("expr").asText();
            if (expr.contains("by (namespace, audit")) {
                assertThat(alert.path("annotations").path("description").asText()).as(name)
                        .contains("{{ $labels.audit }}", "{{ $labels.namespace }}");
            }
        }
    }

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsExportedByTheOperator() throws IOException {
        Set<String> exported = ExportedMetrics.names();
        List<String> exprs = new ArrayList<>();
        alerts().forEach(alert -> exprs.add(alert.path("expr").asText()));
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("title").asText()).isEqualTo("dockmedic");
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
        }
        for (String expr : exprs) {
            Set<String> read = ExportedMetrics.readBy(expr);
            assertThat(read.isEmpty() && !expr.startsWith("up{")).as("reads a dockmedic metric: " + expr).isFalse();
            assertThat(exported).as(expr).containsAll(read);
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryAlertFiresAndStaysQuietInItsUnitTests() throws Exception {
        Promtool.Result check = Promtool.run(null, "check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result tests = Promtool.run(null, "test", "rules", RULE_TESTS.toString());
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");

        JsonNode unitTests = YAML.readTree(RULE_TESTS.toFile());
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : unitTests.path("tests")) {
            for (JsonNode eval : test.path("alert_rule_test")) {
                (eval.path("exp_alerts").isEmpty() ? quiet : fires).add(eval.path("alertname").asText());
            }
        }
        Set<String> names = new TreeSet<>();
        alerts().forEach(alert -> names.add(alert.path("alert").asText()));
        assertThat(fires).as("alerts with a test where they fire").isEqualTo(names);
        assertThat(quiet).as("alerts with a test where they stay quiet").isEqualTo(names);
    }

    @Test
    void promtoolParsesEveryDashboardQuery(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                // Recording rules, so that promtool parses each query; the dashboard variable becomes a regex.
                String expr = target.path("expr").asText().replace("$namespace", ".*");
                rules.append("      - record: dashboard:query").append(++n).append("\n        expr: ")
                        .append(new ObjectMapper().writeValueAsString(expr)).append('\n');
            }
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yaml"), rules);
        Promtool.Result check = Promtool.run(null, "check", "rules", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void promtoolAcceptsTheOperatorsMetrics() throws Exception {
        Promtool.Result result = Promtool.run(ExportedMetrics.scrape(), "check", "metrics");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("no lint complaint").isBlank();
    }

    static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }
}
