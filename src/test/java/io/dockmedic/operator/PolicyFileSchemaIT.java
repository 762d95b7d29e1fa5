package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.policy.PolicyFile;
import io.dockmedic.policy.PolicyFileException;
import io.dockmedic.policy.PolicyProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same files go to {@code kubectl create --dry-run=server} against a real kube-apiserver with the committed
 * CRDs and to {@link PolicyFile}: what one refuses the other refuses, at the same field.
 */
class PolicyFileSchemaIT extends WithApiServer {

    private static final String HEAD = "apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nmetadata:\n  name: %s\n";

    /**
     * One file and whether both must refuse it.
     *
     * @param label what it tries
     * @param yaml the file
     * @param refused whether it is invalid
     */
    record Case(String label, String yaml, boolean refused) {
        static Case ok(String label, String spec) {
            return new Case(label, HEAD.formatted("good") + spec, false);
        }

        static Case bad(String label, String spec) {
            return new Case(label, HEAD.formatted("bad") + spec, true);
        }
    }

    static final List<Case> SCHEMA_CASES = List.of(
            Case.ok("empty spec", "spec: {}\n"),
            Case.ok("an empty value, pruned then defaulted", "spec:\n  interval:\n"),
            Case.ok("IPv6 tcp host", "spec:\n  dockerHost: tcp://[::1]:2376\n"),
            Case.ok("maxAttempts at its maximum", "spec:\n  remediation:\n    budget:\n      maxAttempts: 100\n"),
            Case.ok("resolveAfter of exactly a minute in seconds", "spec:\n  resolveAfter: 60s\n"),
            Case.ok("mode quoted", "spec:\n  remediation:\n    mode: \"Off\"\n"),
            Case.bad("integer interval", "spec:\n  interval: 30\n"),
            Case.bad("misspelt selector field", "spec:\n  selector:\n    composeProjekt: shop\n"),
            Case.bad("unknown spec field", "spec:\n  intervall: 30s\n"),
            Case.bad("zero interval", "spec:\n  interval: 0s\n"),
            Case.bad("resolveAfter under a minute", "spec:\n  resolveAfter: 59s\n"),
            Case.bad("unix host without a path", "spec:\n  dockerHost: unix://relative.sock\n"),
            Case.bad("override matching nothing (CEL)", "spec:\n  overrides:\n    - severity: LOW\n"),
            Case.bad("exec runbook without exec (CEL)", "spec:\n  remediation:\n    runbooks:\n      - name: a\n"
                    + "        action: exec\n        match: {rules: [x]}\n"),
            Case.bad("silence matching nothing (CEL)", "spec:\n  remediation:\n    silences:\n      - name: s\n"
                    + "        reason: r\n        severity: LOW\n        match: {}\n"),
            Case.bad("rule id over 63 characters", "spec:\n  rules:\n    - id: " + "a".repeat(64)
                    + "\n      pattern: x\n      severity: HIGH\n"),
            Case.bad("rule without pattern", "spec:\n  rules:\n    - id: a\n      severity: HIGH\n"),
            Case.bad("severity outside the enum", "spec:\n  minSeverity: URGENT\n"),
            Case.bad("maxAttempts over its maximum", "spec:\n  remediation:\n    budget:\n      maxAttempts: 101\n"),
            Case.bad("unquoted Off is a boolean", "spec:\n  remediation:\n    mode: Off\n"),
            Case.bad("name pattern over 1000 characters", "spec:\n  selector:\n    namePattern: " + "a".repeat(1001)
                    + "\n"),
            Case.bad("too many keywords", "spec:\n  rules:\n    - id: a\n      pattern: x\n      severity: HIGH\n"
                    + "      keywords: [" + "k,".repeat(20) + "k]\n"),
            Case.bad("runbook name with capitals", "spec:\n  remediation:\n    runbooks:\n      - name: Fix_It\n"
                    + "        action: restart\n        match: {rules: [x]}\n"),
            Case.bad("silence until not RFC 3339", "spec:\n  remediation:\n    silences:\n      - name: s\n"
                    + "        reason: r\n        severity: LOW\n        match: {rules: [x]}\n        until: tomorrow\n"),
            new Case("name with capitals", HEAD.formatted("Bad_Name") + "spec: {}\n", true),
            new Case("no name", "apiVersion: dockmedic.io/v1alpha1\nkind: LogAudit\nmetadata:\n  labels: {a: b}\n"
                    + "spec: {}\n", true));

    /** What only the operator checks (after the schema): the API server stores these, the loader refuses them. */
    static final List<Case> OPERATOR_CASES = List.of(
            Case.bad("port out of range", "spec:\n  dockerHost: tcp://127.0.0.1:99999\n"),
            Case.bad("rule pattern that does not compile", "spec:\n  rules:\n    - id: a\n      pattern: \"(x\"\n"
                    + "      severity: HIGH\n"),
            Case.bad("two rules with one id", "spec:\n  rules:\n    - {id: a, pattern: x, severity: HIGH}\n"
                    + "    - {id: a, pattern: z, severity: HIGH}\n"));

    @Test
    void theLoaderRefusesExactlyWhatTheApiServerRefusesAtTheSameField(@TempDir Path dir) throws IOException {
        String ns = api.namespace("dmpolicy-schema");
        List<String> disagreements = new ArrayList<>();
        for (Case c : SCHEMA_CASES) {
            String server = serverDryRun(dir, ns, c.yaml());
            boolean serverRefused = !server.contains("created (server dry run)");
            List<PolicyProblem> problems = problems(c.yaml());
            if (serverRefused != c.refused() || problems.isEmpty() != !c.refused()) {
                disagreements.add(c.label() + ": server " + (serverRefused ? "refused" : "accepted") + " ("
                        + server.strip() + "), loader " + (problems.isEmpty() ? "accepted" : problems));
            } else if (c.refused() && problems.stream().noneMatch(p -> server.contains(p.field()))) {
                disagreements.add(c.label() + ": server names another field: " + server.strip() + " vs " + problems);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void whatOnlyTheOperatorChecksTheApiServerStoresAndTheLoaderRefuses(@TempDir Path dir) throws IOException {
        String ns = api.namespace("dmpolicy-operator");
        for (Case c : OPERATOR_CASES) {
            assertThat(serverDryRun(dir, ns, c.yaml())).as(c.label()).contains("created (server dry run)");
            assertThat(problems(c.yaml())).as(c.label()).isNotEmpty();
        }
    }

    @Test
    void theExamplesAreAcceptedByBoth(@TempDir Path dir) throws IOException {
        String ns = api.namespace("dmpolicy-examples");
        String example = Files.readString(Path.of("deploy/examples/logaudit.yaml"));
        assertThat(serverDryRun(dir, ns, example)).contains("created (server dry run)");
        assertThat(problems(example)).isEmpty();
    }

    @Test
    void aPlainYIsABooleanForKubectlButAStringForTheLoader(@TempDir Path dir) throws IOException {
        // The one known difference: kubectl's YAML 1.1 reader takes a plain y/Y/n/N as a boolean, Jackson's
        // (SnakeYAML) does not. Quoting the value means the same to both.
        String ns = api.namespace("dmpolicy-yaml");
        String plain = HEAD.formatted("plain") + "spec:\n  rules:\n    - {id: a, pattern: y, severity: HIGH}\n";
        assertThat(serverDryRun(dir, ns, plain)).contains("spec.rules[0].pattern in body must be of type string");
        assertThat(problems(plain)).isEmpty();
        String quoted = plain.replace("pattern: y", "pattern: \"y\"");
        assertThat(serverDryRun(dir, ns, quoted)).contains("created (server dry run)");
        assertThat(problems(quoted)).isEmpty();
    }

    private static List<PolicyProblem> problems(String yaml) {
        try {
            PolicyFile.parse("case.yaml", yaml);
            return List.of();
        } catch (PolicyFileException e) {
            return e.problems();
        }
    }

    /** kubectl's own YAML reading and strict field validation, then the API server's create checks, storing nothing. */
    private static String serverDryRun(Path dir, String ns, String yaml) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "case", ".yaml"), yaml);
        return api.kubectl("create", "--dry-run=server", "--validate=strict", "-n", ns, "-f", file.toString());
    }
}
