package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacCommandTest {

    private final KubernetesSerialization yaml = new KubernetesSerialization();

    @Test
    void eachNamespaceGetsARoleWithTheClusterRolesNamespacedRulesAndABindingToTheServiceAccount() throws IOException {
        CommandRun run = new CommandRun();
        assertThat(run.execute("rbac", "-n", "shop,web", "--service-account", "ops/dm")).isZero();

        List<HasMetadata> items = yaml.unmarshal(run.out(), KubernetesList.class).getItems();
        assertThat(items).extracting(HasMetadata::getKind).containsExactly("Role", "RoleBinding", "Role", "RoleBinding");
        assertThat(items).extracting(i -> i.getMetadata().getNamespace()).containsExactly("shop", "shop", "web", "web");
        ClusterRole source = yaml.unmarshal(Files.readString(Path.of("deploy/clusterrole.yaml")), ClusterRole.class);
        List<PolicyRule> namespaced = source.getRules().stream()
                .filter(r -> !r.getApiGroups().contains("apiextensions.k8s.io")).toList();
        assertThat(((Role) items.get(0)).getRules()).as("deploy/clusterrole.yaml is the one source")
                .isEqualTo(namespaced).hasSize(source.getRules().size() - 1);
        RoleBinding binding = (RoleBinding) items.get(1);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getNamespace()).isEqualTo("ops");
            assertThat(s.getName()).isEqualTo("dm");
        });
    }

    @Test
    void aBadNamespaceOrServiceAccountIsOneLineAndExitTwo() {
        CommandRun namespace = new CommandRun();
        assertThat(namespace.execute("rbac", "-n", "Not_A_Namespace")).isEqualTo(2);
        assertThat(namespace.err()).isEqualTo("dockmedic rbac: 'Not_A_Namespace' is not a namespace name"
                + System.lineSeparator());
        CommandRun account = new CommandRun();
        assertThat(account.execute("rbac", "-n", "shop", "--service-account", "just-a-name")).isEqualTo(2);
        assertThat(account.err()).contains("--service-account must be NAMESPACE/NAME");
    }
}
