package io.dockmedic.operator;

import io.dockmedic.docker.DockerSettings;
import io.dockmedic.operator.api.LogAudit;
import io.dockmedic.operator.api.LogAuditSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/** Base of the ITs that run the operator in-process on the shared kube-apiserver and the real Docker engine. */
abstract class WithOperator extends WithApiServer {

    /** An operator for one namespace, without leader election or a /metrics port of its own choosing. */
    static DockmedicOperator startOperator(String ns, String identity) {
        return DockmedicOperator.start(client, new OperatorSettings(Set.of(ns), 0, false, false, ns, identity, 2, EVERY_CONTAINER),
                DockerSettings.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    static LogAudit createAudit(String ns, String name, String specJson) {
        LogAudit audit = new LogAudit();
        audit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        audit.setSpec(client.getKubernetesSerialization().unmarshal(specJson, LogAuditSpec.class));
        return client.resources(LogAudit.class).inNamespace(ns).resource(audit).create();
    }

    /** How many scans of the audit completed. */
    static long scans(String ns, String audit) {
        LogAudit read = client.resources(LogAudit.class).inNamespace(ns).withName(audit).get();
        return read == null || read.getStatus() == null || read.getStatus().scanSequence() == null ? 0
                : read.getStatus().scanSequence();
    }

    /** A short random id for names unique to one test on the shared engine. */
    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
