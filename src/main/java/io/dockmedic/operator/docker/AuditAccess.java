package io.dockmedic.operator.docker;

import io.dockmedic.audit.InvalidSpecException;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.docker.DockerSettings;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a LogAudit may reach through this operator, set by whoever runs the operator, not by whoever may
 * create LogAudits: the Docker engines on an allow-list, and the containers in its namespace's scope.
 *
 * @param allowedDockerHosts engine addresses a LogAudit's {@code dockerHost} may name; {@value #ANY_HOST} for any
 * @param containerScope which containers a LogAudit in a namespace may select
 */
public record AuditAccess(Set<String> allowedDockerHosts, ContainerScope containerScope) {

    /** The allow-list entry that allows every engine. */
    public static final String ANY_HOST = "*";
    /** The container label that grants a namespace's LogAudits reading the container. */
    public static final String NAMESPACE_LABEL = "dockmedic.io/namespace";
    /** The condition reason of an audit whose engine is not on the allow-list. */
    public static final String HOST_NOT_ALLOWED = "DockerHostNotAllowed";
    static final String HOSTS_SETTING = "--allowed-docker-hosts (DOCKMEDIC_ALLOWED_DOCKER_HOSTS)";

    /** Which containers a LogAudit may select, on top of its own selector. */
    public enum ContainerScope {
        /** Only containers labelled {@value #NAMESPACE_LABEL} with the LogAudit's namespace. */
        NAMESPACE_LABEL("namespace-label"),
        /** Every container on the engine, whatever namespace the LogAudit is in. */
        ALL("all");

        private final String text;

        ContainerScope(String text) {
            this.text = text;
        }

        /** How the setting is written. */
        public String text() {
            return text;
        }

        /**
         * The scope a setting names.
         *
         * @throws IllegalArgumentException one line naming the setting and the values it takes
         */
        public static ContainerScope parse(String value) {
            for (ContainerScope scope : values()) {
                if (scope.text.equalsIgnoreCase(value.trim())) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("--container-scope (DOCKMEDIC_CONTAINER_SCOPE) must be namespace-label "
                    + "or all, not '" + value + "'");
        }
    }

    public AuditAccess {
        allowedDockerHosts = Set.copyOf(allowedDockerHosts.stream().map(AuditAccess::normalized).toList());
    }

    /**
     * The allow-list a setting names: addresses separated by commas, each {@code unix:///path} or
     * {@code tcp://HOST:PORT}, or {@value #ANY_HOST}; when it names none, {@code ownEngine} alone.
     *
     * @throws IllegalArgumentException one line naming the setting and the entry that is wrong
     */
    public static Set<String> allowedHosts(Collection<String> entries, String ownEngine) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : entries) {
            String host = entry.trim();
            if (host.isEmpty()) {
                continue;
            }
            if (!host.equals(ANY_HOST)) {
                DockerSettings.checkHost(host, HOSTS_SETTING);
            }
            hosts.add(host);
        }
        return hosts.isEmpty() ? Set.of(ownEngine) : hosts;
    }

    /**
     * Refuses an engine that is not on the allow-list, before anything (its TLS Secret included) is read for it.
     *
     * @throws InvalidSpecException with reason {@value #HOST_NOT_ALLOWED}, naming the setting that would allow it
     */
    public void checkHost(String host) {
        if (allowedDockerHosts.contains(ANY_HOST) || allowedDockerHosts.contains(normalized(host))) {
            return;
        }
        throw new InvalidSpecException(HOST_NOT_ALLOWED, "spec.dockerHost '" + host + "' is not allowed by this "
                + "operator: " + HOSTS_SETTING + " allows " + String.join(", ", allowedDockerHosts.stream().sorted()
                .toList()) + "; the engine was not contacted");
    }

    /** Whether a LogAudit in {@code namespace} may read {@code container}. */
    public boolean admits(String namespace, ContainerInfo container) {
        return containerScope == ContainerScope.ALL || namespace.equals(container.labels().get(NAMESPACE_LABEL));
    }

    /** {@code runtime} as a LogAudit in {@code namespace} sees it: only the containers it may read. */
    public ContainerRuntime scoped(ContainerRuntime runtime, String namespace) {
        return containerScope == ContainerScope.ALL ? runtime : new Scoped(runtime, namespace);
    }

    /** How the operator describes the scope when it starts. */
    public String describe() {
        String hosts = allowedDockerHosts.contains(ANY_HOST) ? "any Docker host"
                : "Docker hosts " + String.join(", ", allowedDockerHosts.stream().sorted().toList());
        String containers = containerScope == ContainerScope.ALL ? "every container"
                : "containers labelled " + NAMESPACE_LABEL + "=<the LogAudit's namespace>";
        return hosts + ", " + containers;
    }

    // Addresses differ in a trailing slash and the case of scheme and host only; a socket path is case-sensitive.
    private static String normalized(String host) {
        if (host.regionMatches(true, 0, "tcp://", 0, 6)) {
            String rest = host.substring(6);
            return "tcp://" + (rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest).toLowerCase(Locale.ROOT);
        }
        return host;
    }

    /** A runtime that lists, and reads, only the containers one namespace may read. */
    private final class Scoped implements ContainerRuntime {

        private final ContainerRuntime runtime;
        private final String namespace;

        Scoped(ContainerRuntime runtime, String namespace) {
            this.runtime = runtime;
            this.namespace = namespace;
        }

        @Override
        public List<ContainerInfo> listContainers() {
            return runtime.listContainers().stream().filter(c -> admits(namespace, c)).toList();
        }

        @Override
        public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
            if (!admits(namespace, container)) {
                throw new IllegalArgumentException("container " + container.name() + " is not labelled "
                        + NAMESPACE_LABEL + "=" + namespace);
            }
            return runtime.readLogs(container, from, sink);
        }

        @Override
        public LogSource logSource(ContainerInfo container) {
            return runtime.logSource(container);
        }

        @Override
        public boolean readsInParallel() {
            return runtime.readsInParallel();
        }
    }
}
