package io.dockmedic.operator;

import io.dockmedic.operator.docker.AuditAccess;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the operator runs.
 *
 * @param namespaces namespaces whose LogAudits it reconciles; empty for all namespaces
 * @param metricsPort port of the /metrics endpoint, 0 for an ephemeral port, negative for none
 * @param leaderElection whether replicas elect a leader through a Lease (only the leader acts)
 * @param exitOnLostLease whether the process exits when it stops leading, so that a replica that lost
 *     its Lease cannot go on acting (true for the command; false when embedded, e.g. in tests)
 * @param leaseNamespace namespace of the Lease
 * @param identity this replica's name in the Lease (e.g. the pod name)
 * @param reconcileThreads audits reconciled at the same time
 * @param access the Docker engines and containers LogAudits may reach
 */
public record OperatorSettings(Set<String> namespaces, int metricsPort, boolean leaderElection,
        boolean exitOnLostLease, String leaseNamespace, String identity, int reconcileThreads, AuditAccess access) {

    /** The Lease the replicas compete for. */
    public static final String LEASE_NAME = "dockmedic-operator";
    /** How long a stopping operator lets running reconciles finish. */
    static final Duration GRACE = Duration.ofSeconds(10);

    public OperatorSettings {
        namespaces = Set.copyOf(namespaces);
        Objects.requireNonNull(access, "access");
        if (reconcileThreads < 1) {
            throw new IllegalArgumentException("reconcile threads must be at least 1, was " + reconcileThreads);
        }
    }
}
