package io.dockmedic.operator;

import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.docker.AuditAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the ITs that share one real kube-apiserver (with the CRDs installed) across a test class. */
abstract class WithApiServer {

    /**
     * The access the ITs' operators run with: the engine of the environment, and every container on it (the
     * tests select their own containers by a label unique to the run; AuditAccessIT checks the default scope).
     */
    static final AuditAccess EVERY_CONTAINER = new AuditAccess(
            Set.of(DockerSettings.fromEnvironment(System.getenv()).host()), AuditAccess.ContainerScope.ALL);

    static TestApiServer api;
    static KubernetesClient client;

    @BeforeAll
    static void startApiServer() {
        api = TestApiServer.start();
        client = api.client();
    }

    @AfterAll
    static void stopApiServer() {
        if (api != null) {
            api.close();
            api = null;
            client = null;
        }
    }
}
