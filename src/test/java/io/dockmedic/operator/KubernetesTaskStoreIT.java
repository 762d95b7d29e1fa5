package io.dockmedic.operator;

import io.dockmedic.core.task.TaskStore;
import io.dockmedic.core.task.TaskStoreContract;
import io.dockmedic.operator.task.KubernetesTaskStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** KubernetesTaskStore keeps the store contract on the real kube-apiserver (409 on a stale resourceVersion). */
class KubernetesTaskStoreIT extends TaskStoreContract {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static TestApiServer api;

    @BeforeAll
    static void startApiServer() {
        api = TestApiServer.start();
    }

    @AfterAll
    static void stopApiServer() {
        api.close();
    }

    @Override
    protected TaskStore newStore() {
        String ns = api.namespace("dmop-store-" + NAMESPACES.incrementAndGet());
        return new KubernetesTaskStore(api.client(), ns, "dockmedic-contract");
    }
}
