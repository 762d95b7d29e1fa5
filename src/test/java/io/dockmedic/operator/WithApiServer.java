package io.dockmedic.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the ITs that share one real kube-apiserver (with the CRDs installed) across a test class. */
abstract class WithApiServer {

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
