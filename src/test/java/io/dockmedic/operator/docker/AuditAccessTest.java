package io.dockmedic.operator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.audit.InvalidSpecException;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.scan.InMemoryContainerRuntime;
import io.dockmedic.operator.docker.AuditAccess.ContainerScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditAccessTest {

    private static final String SOCKET = "unix:///var/run/docker.sock";

    @Test
    void withoutAnAllowListOnlyTheOperatorsOwnEngineIsAllowed() {
        AuditAccess access = new AuditAccess(AuditAccess.allowedHosts(List.of(), SOCKET),
                ContainerScope.NAMESPACE_LABEL);

        access.checkHost(SOCKET);
        assertThatThrownBy(() -> access.checkHost("tcp://10.0.0.7:2375"))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.reason()).isEqualTo("DockerHostNotAllowed"))
                .hasMessage("spec.dockerHost 'tcp://10.0.0.7:2375' is not allowed by this operator: "
                        + "--allowed-docker-hosts (DOCKMEDIC_ALLOWED_DOCKER_HOSTS) allows unix:///var/run/docker.sock; "
                        + "the engine was not contacted");
        assertThatThrownBy(() -> access.checkHost("unix:///run/user/1000/docker.sock"))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void listedEnginesAreAllowedWhateverTheCaseOfTheHostOrATrailingSlash() {
        AuditAccess access = new AuditAccess(AuditAccess.allowedHosts(List.of(" tcp://Engine-2.example:2376", ""),
                SOCKET), ContainerScope.NAMESPACE_LABEL);

        access.checkHost("tcp://engine-2.example:2376/");
        assertThatThrownBy(() -> access.checkHost(SOCKET))
                .as("naming engines replaces the default").isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> access.checkHost("tcp://engine-2.example:2375"))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void aStarAllowsEveryEngine() {
        AuditAccess access = new AuditAccess(AuditAccess.allowedHosts(List.of("*"), SOCKET), ContainerScope.ALL);

        access.checkHost("tcp://192.0.2.1:2375");
        assertThat(access.describe()).isEqualTo("any Docker host, every container");
    }

    @Test
    void aMalformedAllowListEntryIsOneLineNamingTheSetting() {
        assertThatThrownBy(() -> AuditAccess.allowedHosts(List.of("tcp://127.0.0.1:2375x"), SOCKET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--allowed-docker-hosts (DOCKMEDIC_ALLOWED_DOCKER_HOSTS) 'tcp://127.0.0.1:2375x'");
        assertThatThrownBy(() -> ContainerScope.parse("everything"))
                .hasMessage("--container-scope (DOCKMEDIC_CONTAINER_SCOPE) must be namespace-label or all, not "
                        + "'everything'");
        assertThat(ContainerScope.parse("ALL")).isEqualTo(ContainerScope.ALL);
    }

    @Test
    void byDefaultAnAuditSeesOnlyContainersLabelledForItsNamespace() {
        InMemoryContainerRuntime engine = new InMemoryContainerRuntime()
                .add(container("c1", "shop-web", Map.of(AuditAccess.NAMESPACE_LABEL, "shop")))
                .add(container("c2", "billing-db", Map.of(AuditAccess.NAMESPACE_LABEL, "billing")))
                .add(container("c3", "unlabelled", Map.of()));
        AuditAccess access = new AuditAccess(Set.of(SOCKET), ContainerScope.NAMESPACE_LABEL);

        ContainerRuntime shop = access.scoped(engine, "shop");

        assertThat(shop.listContainers()).extracting(ContainerInfo::name).containsExactly("shop-web");
        assertThat(access.scoped(engine, "other").listContainers()).isEmpty();
        ContainerInfo foreign = engine.listContainers().get(1);
        assertThatThrownBy(() -> shop.readLogs(foreign, LogCursor.startingAt(Instant.EPOCH), line -> { }))
                .hasMessage("container billing-db is not labelled dockmedic.io/namespace=shop");
    }

    @Test
    void theClusterWideScopeSeesEveryContainer() {
        InMemoryContainerRuntime engine = new InMemoryContainerRuntime()
                .add(container("c1", "shop-web", Map.of(AuditAccess.NAMESPACE_LABEL, "shop")))
                .add(container("c3", "unlabelled", Map.of()));
        engine.log("c3", Instant.parse("2026-01-01T00:00:00Z"), "ERROR boom");
        ContainerRuntime any = new AuditAccess(Set.of(SOCKET), ContainerScope.ALL).scoped(engine, "shop");

        assertThat(any.listContainers()).hasSize(2);
        List<String> lines = new ArrayList<>();
        any.readLogs(engine.listContainers().get(1), LogCursor.startingAt(Instant.EPOCH), l -> lines.add(l.text()));
        assertThat(lines).containsExactly("ERROR boom");
    }

    private static ContainerInfo container(String id, String name, Map<String, String> labels) {
        return new ContainerInfo(id, name, "img", labels,
                new ContainerState("running", 0, false, 0, null, 0, null, null, null, null));
    }
}
