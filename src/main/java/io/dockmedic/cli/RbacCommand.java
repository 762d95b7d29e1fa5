package io.dockmedic.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dockmedic rbac}: the operator's permissions (deploy/clusterrole.yaml, the one source) as a Role and a
 * RoleBinding in each namespace it reconciles, for {@code operator --namespace} runs that must not read
 * Secrets and ConfigMaps cluster-wide.
 */
@Command(name = "rbac", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints, for each --namespace, a Role with the operator's permissions (those of deploy/clusterrole.yaml "
                    + "that a Role can hold) and a RoleBinding of it to the operator's ServiceAccount, as YAML for "
                    + "'kubectl apply -f -'. Use it instead of the ClusterRole and ClusterRoleBinding when the "
                    + "operator runs with --namespace: it then reads Secrets (TLS material) and writes ConfigMaps "
                    + "(template stores) only where LogAudits live.",
            "The start-up check of the CRDs needs a cluster-scoped rule and is skipped without it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:error: a bad namespace or service account name"})
public final class RbacCommand implements Callable<Integer> {

    /** The name of the generated Roles and RoleBindings. */
    static final String NAME = "dockmedic-operator";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String SOURCE = "/io/dockmedic/rbac/clusterrole.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", split = ",", required = true,
            description = "A namespace the operator reconciles (repeatable, or comma-separated).")
    List<String> namespaces;

    @Option(names = "--service-account", paramLabel = "NS/NAME", defaultValue = "dockmedic/dockmedic-operator",
            description = "The operator's ServiceAccount (default: ${DEFAULT-VALUE}, as deploy/ creates it).")
    String serviceAccount;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String[] account = serviceAccount.split("/", -1);
        if (account.length != 2 || !DNS_LABEL.matcher(account[0]).matches() || account[1].isEmpty()) {
            err.println("dockmedic rbac: --service-account must be NAMESPACE/NAME, was '" + serviceAccount + "'");
            err.flush();
            return 2;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String namespace : namespaces) {
            if (!DNS_LABEL.matcher(namespace.strip()).matches()) {
                err.println("dockmedic rbac: '" + namespace + "' is not a namespace name");
                err.flush();
                return 2;
            }
            wanted.add(namespace.strip());
        }
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        List<PolicyRule> rules = namespacedRules(serialization);
        for (String namespace : wanted) {
            objects.add(new RoleBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/name", "dockmedic").endMetadata().withRules(rules).build());
            objects.add(new RoleBindingBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/name", "dockmedic").endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", NAME)
                    .addNewSubject().withKind("ServiceAccount").withNamespace(account[0]).withName(account[1])
                    .endSubject().build());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(serialization.asYaml(new KubernetesListBuilder().withItems(objects).build()));
        out.flush();
        return 0;
    }

    /** The ClusterRole's rules a Role can hold: those on namespaced resources (all but the CRD check). */
    static List<PolicyRule> namespacedRules(KubernetesSerialization serialization) {
        try (InputStream in = RbacCommand.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the jar");
            }
            ClusterRole role = serialization.unmarshal(in, ClusterRole.class);
            return role.getRules().stream()
                    .filter(rule -> !rule.getApiGroups().contains("apiextensions.k8s.io"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
