package io.dockmedic.operator;

import io.dockmedic.audit.AuditCycleContract;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.task.KubernetesTaskStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared lifecycle over RemediationTasks on the real kube-apiserver, as the operator runs it. */
class AuditCycleKubernetesIT extends AuditCycleContract {

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
        return KubernetesTaskStore.forOperator(api.client(), api.namespace("dmcycle-" + NAMESPACES.incrementAndGet()));
    }
}
