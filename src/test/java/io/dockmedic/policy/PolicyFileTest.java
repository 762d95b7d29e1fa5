package io.dockmedic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.RunbookAction;
import io.dockmedic.core.task.FixType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy file is checked by the LogAudit CRD's own schema and rules, and each problem names its line and field. */
class PolicyFileTest {

    private static final String HEAD = "apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nmetadata:\n  name: shop\n";

    @Test
    void theDeployedExampleLoadsWithTheCrdDefaultsFilledIn() {
        List<LogAudit> audits = PolicyFile.load(Path.of("deploy/examples/logaudit.yaml"));

        assertThat(audits).hasSize(1);
        LogAudit shop = audits.get(0);
        assertThat(shop.getMetadata().getName()).isEqualTo("shop");
        assertThat(shop.getSpec().selector().composeProject()).isEqualTo("shop");
        assertThat(shop.getSpec().rules().get(0).id()).isEqualTo("shop.payment-declined");
        assertThat(shop.getSpec().remediation().runbooks().get(0).action()).isEqualTo(RunbookAction.EXEC);
        assertThat(shop.getSpec().rules().get(0).fix()).as("the CRD's default, applied as the API server applies it")
                .isEqualTo(FixType.AGENT);
        assertThat(shop.getSpec().dockerHost()).as("no default: the operator's (or watch's) own engine").isNull();
    }

    @Test
    void theTlsExampleIsRefusedForItsSecretAndItsLogAuditAloneLoads() throws IOException {
        Path example = Path.of("deploy/examples/logaudit-tls.yaml");
        assertThatThrownBy(() -> PolicyFile.load(example))
                .hasMessage(example + ":9:1: kind: 'Secret' does not belong in a policy file, which holds only "
                        + "LogAudit documents");

        String text = Files.readString(example);
        List<LogAudit> audits = PolicyFile.parse("tls.yaml", text.substring(text.indexOf("\n---\n")));
        assertThat(audits).singleElement().satisfies(a -> {
            assertThat(a.getMetadata().getName()).isEqualTo("engine-b");
            assertThat(a.getSpec().dockerHost()).isEqualTo("tcp://10.0.0.12:2376");
            assertThat(a.getSpec().tlsSecretRef().name()).isEqualTo("engine-b-tls");
        });
    }

    @Test
    void severalAuditsInOneFileLoadInFileOrder() {
        List<LogAudit> audits = PolicyFile.parse("dockmedic.yaml", HEAD + "spec:\n  interval: 10s\n---\n"
                + HEAD.replace("shop", "billing") + "spec:\n  selector:\n    names: [billing-1]\n");

        assertThat(audits).extracting(a -> a.getMetadata().getName()).containsExactly("shop", "billing");
        assertThat(audits.get(0).getSpec().interval()).isEqualTo("10s");
        assertThat(audits.get(1).getSpec().interval()).isEqualTo("30s");
    }

    @Test
    void aNumberWhereTheSchemaWantsAStringNamesTheFieldAndItsLine() {
        assertProblems(HEAD + "spec:\n  interval: 30\n",
                "dockmedic.yaml:6:3: spec.interval: must be of type string, not integer");
    }

    @Test
    void aMisspeltFieldIsAnUnknownFieldWithTheKnownOnesListed() {
        assertProblems(HEAD + "spec:\n  selector:\n    composeProjekt: shop\n",
                "dockmedic.yaml:7:5: spec.selector.composeProjekt: unknown field (known: composeProject, labels, "
                        + "namePattern, names)");
    }

    @Test
    void anUnknownTopLevelOrMetadataFieldIsRefusedAsStrictFieldValidationRefusesIt() {
        assertProblems(HEAD + "  uid: 1234\nspce:\n  interval: 30s\n",
                "dockmedic.yaml:5:3: metadata.uid: unknown field (known: name, namespace, labels, annotations)",
                "dockmedic.yaml:6:1: spce: unknown field (known: apiVersion, kind, metadata, spec, status)");
    }

    @Test
    void aZeroIntervalBreaksTheSchemasPattern() {
        assertProblems(HEAD + "spec:\n  selector: {}\n  interval: 0s\n",
                "dockmedic.yaml:7:3: spec.interval: must match ^([0-9]+(s|m|h))*[0-9]*[1-9][0-9]*(s|m|h)([0-9]+(s|m|h))*$, "
                        + "not '0s'");
    }

    @Test
    void anOverrideWithNothingToMatchBreaksTheCrdsCelRule() {
        assertProblems(HEAD + "spec:\n  overrides:\n    - rule: db.duplicate-key\n      severity: LOW\n"
                        + "    - severity: LOW\n",
                "dockmedic.yaml:9:7: spec.overrides[1]: an override needs at least one of rule, issueType, "
                        + "templateContains or templatePattern");
    }

    @Test
    void anExecRunbookWithoutACommandBreaksTheCrdsCelRule() {
        assertProblems(HEAD + "spec:\n  remediation:\n    runbooks:\n      - name: fix-it\n        action: exec\n"
                        + "        match:\n          rules: [db.too-many-connections]\n",
                "dockmedic.yaml:8:9: spec.remediation.runbooks[0]: an exec runbook needs exec.argv");
    }

    @Test
    void aRuleIdOverSixtyThreeCharactersBreaksMaxLength() {
        assertProblems(HEAD + "spec:\n  rules:\n    - id: " + "a".repeat(64) + "\n      pattern: boom\n"
                        + "      severity: HIGH\n",
                "dockmedic.yaml:7:7: spec.rules[0].id: must be at most 63 characters long, not 64");
    }

    @Test
    void aMissingRequiredFieldIsReportedAtItsParent() {
        assertProblems(HEAD + "spec:\n  rules:\n    - id: shop.boom\n      severity: HIGH\n",
                "dockmedic.yaml:7:7: spec.rules[0]: required field 'pattern' is missing");
    }

    @Test
    void aSeverityOutsideTheEnumListsTheAllowedOnes() {
        assertProblems(HEAD + "spec:\n  minSeverity: URGENT\n",
                "dockmedic.yaml:6:3: spec.minSeverity: must be one of CRITICAL, HIGH, LOW, MEDIUM, not 'URGENT'");
    }

    @Test
    void aLogAuditWithoutANameIsRefused() {
        assertProblems("apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nmetadata:\n  labels: {team: shop}\n"
                        + "spec: {}\n",
                "dockmedic.yaml:3:1: metadata: required field 'name' is missing");
        assertProblems("apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nspec: {}\n",
                "dockmedic.yaml:1:1: required field 'metadata' is missing");
    }

    @Test
    void aNameKubernetesWouldRefuseIsRefused() {
        assertProblems(HEAD.replace("shop", "Shop_1") + "spec: {}\n",
                "dockmedic.yaml:4:3: metadata.name: 'Shop_1' is not a valid name: lower case letters, digits, '-' "
                        + "and '.', starting and ending with a letter or digit, at most 253 characters (an RFC 1123 "
                        + "subdomain, as Kubernetes requires)");
    }

    @Test
    void twoAuditsWithOneNameAreRefusedAtTheSecond() {
        assertProblems(HEAD + "spec: {}\n---\n" + HEAD + "spec:\n  interval: 5s\n",
                "dockmedic.yaml:10:3: metadata.name: 'shop' is already the name of the LogAudit at line 4; names "
                        + "must be unique");
    }

    @Test
    void brokenYamlIsReportedWithSnakeYamlsLineAndColumnOnOneLine() {
        assertThatThrownBy(() -> PolicyFile.parse("dockmedic.yaml", HEAD + "spec:\n  selector:\n    names: [a, b\n"
                + "  interval: 30s\n"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessage("dockmedic.yaml:8:11: YAML syntax: expected ',' or ']', but got : (while parsing a flow "
                        + "sequence)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aDuplicateKeyIsRefusedRatherThanTheLastOneWinning() {
        assertProblems(HEAD + "spec:\n  interval: 30s\n  interval: 5s\n",
                "dockmedic.yaml:7:3: spec.interval: duplicate key (also at line 6)");
    }

    @Test
    void aDocumentOfAnotherKindIsRefusedByName() {
        assertProblems("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
                "dockmedic.yaml:2:1: kind: 'Deployment' does not belong in a policy file, which holds only LogAudit "
                        + "documents");
        assertProblems(HEAD.replace("v1alpha1", "v1") + "spec: {}\n",
                "dockmedic.yaml:1:1: apiVersion: must be dockmedic.io/v1alpha1, not 'dockmedic.io/v1'");
        assertProblems("- just\n- a list\n",
                "dockmedic.yaml:1:1: a document must be a LogAudit (a mapping with apiVersion, kind, metadata and "
                        + "spec), not a array");
    }

    @Test
    void anEmptyFileOrOneOfOnlyCommentsIsRefused(@TempDir Path dir) throws IOException {
        for (String text : new String[] {"", "# nothing yet\n", "---\n---\n"}) {
            Path file = dir.resolve("dockmedic.yaml");
            Files.writeString(file, text);
            assertThatThrownBy(() -> PolicyFile.load(file)).as("%s", text)
                    .hasMessage(file + ":1:1: the file holds no document: write a LogAudit (apiVersion "
                            + "dockmedic.io/v1alpha1, kind LogAudit)");
        }
    }

    @Test
    void aFileThatIsNotUtf8OrMissingIsOneLine(@TempDir Path dir) throws IOException {
        Path binary = dir.resolve("bin.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> PolicyFile.load(binary)).hasMessage(binary + ":1:1: the file is not UTF-8 text");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> PolicyFile.load(missing)).hasMessageStartingWith(missing + ":1:1: cannot read the "
                + "file: NoSuchFileException");
    }

    @Test
    void whatOnlyTheOperatorChecksIsReportedAtTheFieldToo() {
        assertProblems(HEAD + "spec:\n  rules:\n    - id: shop.boom\n      pattern: \"(unclosed\"\n"
                        + "      severity: HIGH\n",
                "dockmedic.yaml:7:7: spec.rules[0]: rule shop.boom: pattern is not a valid RE2 regular expression: "
                        + "missing closing ) at `(?i)(unclosed`");
        assertProblems(HEAD + "spec:\n  rules:\n    - {id: a, pattern: x, severity: HIGH}\n"
                        + "    - {id: a, pattern: y, severity: LOW}\n",
                "dockmedic.yaml:8:8: spec.rules[1].id: 'a' is used by another rule");
    }

    @Test
    void everyProblemOfTheFileIsReportedInFileOrder() {
        assertProblems(HEAD + "spec:\n  interval: 30\n  since: forever\n---\nkind: Secret\n",
                "dockmedic.yaml:6:3: spec.interval: must be of type string, not integer",
                "dockmedic.yaml:7:3: spec.since: must match ^([0-9]+(s|m|h|d))+$, not 'forever'",
                "dockmedic.yaml:9:1: kind: 'Secret' does not belong in a policy file, which holds only LogAudit "
                        + "documents");
    }

    @Test
    void anEmptyFieldIsDroppedAndDefaultedAsTheApiServerDoes() {
        LogAudit audit = PolicyFile.parse("dockmedic.yaml", HEAD + "spec:\n  interval:\n  since: ~\n").get(0);
        assertThat(audit.getSpec().interval()).isEqualTo("30s");
        assertThat(audit.getSpec().since()).isEqualTo("24h");
        assertProblems(HEAD + "spec:\n  interval: \"\"\n",
                "dockmedic.yaml:6:3: spec.interval: must match ^([0-9]+(s|m|h))*[0-9]*[1-9][0-9]*(s|m|h)([0-9]+(s|m|h))*$, "
                        + "not ''");
    }

    @Test
    void anUnquotedOffIsABooleanAsForKubectlAndTheErrorSaysToQuoteIt() {
        assertProblems(HEAD + "spec:\n  remediation:\n    mode: Off\n",
                "dockmedic.yaml:7:5: spec.remediation.mode: must be of type string, not boolean (YAML reads unquoted "
                        + "yes, no, on, off, true and false as booleans: quote the value)");
        assertThat(PolicyFile.parse("dockmedic.yaml", HEAD + "spec:\n  remediation:\n    mode: \"Off\"\n").get(0)
                .getSpec().remediation().mode().name()).isEqualToIgnoringCase("off");
    }

    @Test
    void theLimitsComeFromTheGeneratedCrdNotFromAHandWrittenCopy() throws IOException {
        // @Max(100) on FixBudgetSpec.maxAttempts reaches the loader only through crd-generator's output.
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Path.of("target/classes/META-INF/fabric8/logaudits.dockmedic.io-v1.yml"),
                        StandardCharsets.UTF_8));
        JsonNode budget = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/remediation"
                + "/properties/budget/properties/maxAttempts");
        assertThat(budget.path("maximum").asInt()).isEqualTo(100);

        String policy = HEAD + "spec:\n  remediation:\n    budget:\n      maxAttempts: %d\n";
        assertThat(PolicyFile.parse("dockmedic.yaml", policy.formatted(100))).hasSize(1);
        assertProblems(policy.formatted(101),
                "dockmedic.yaml:8:7: spec.remediation.budget.maxAttempts: must be at most 100, not 101");
    }

    @Test
    void everyCelRuleOfTheCrdCompilesAndIsChecked() {
        CrdSchema crd = CrdSchema.fromClasspath("logaudits.dockmedic.io");
        assertThat(crd.ruleCount()).as("the distinct x-kubernetes-validations rules of the LogAudit CRD").isEqualTo(3);
        assertProblems(HEAD + "spec:\n  remediation:\n    silences:\n      - name: quiet\n        reason: noisy\n"
                        + "        severity: IGNORE\n        match: {}\n",
                "dockmedic.yaml:11:9: spec.remediation.silences[0].match: a match needs at least one of rules, "
                        + "issueTypes, fingerprints or templatePattern");
    }

    private static void assertProblems(String yaml, String... lines) {
        assertThatThrownBy(() -> PolicyFile.parse("dockmedic.yaml", yaml))
                .isInstanceOfSatisfying(PolicyFileException.class, e ->
                        assertThat(e.problems()).extracting(PolicyProblem::toString).containsExactly(lines));
    }
}
