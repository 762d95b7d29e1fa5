package io.dockmedic.agents;

import io.dockmedic.agents.AgentTaskException.Kind;
import io.dockmedic.core.agent.AgentDesk;
import io.dockmedic.core.agent.AgentRefusedException;
import io.dockmedic.core.agent.Handoff;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskConflictException;
import io.dockmedic.core.task.TaskNotFoundException;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskStore;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The agents' task operations against one namespace of a Kubernetes API server, with the caller's
 * credentials (and so its RBAC): what {@code dockmedic tasks} and {@code dockmedic mcp} run. Every
 * failure becomes an {@link AgentTaskException} with a one-line message.
 */
public final class AgentTasks {

    /** The field manager of agent writes in managedFields. */
    public static final String FIELD_MANAGER = "dockmedic-agent";
    private static final String RESOURCE = HasMetadata.getPlural(RemediationTask.class);

    private final KubernetesClient client;
    private final String namespace;
    private final AgentDesk desk;

    public AgentTasks(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.desk = new AgentDesk(new Explained(new KubernetesTaskStore(client, namespace, FIELD_MANAGER)), clock);
    }

    /** The namespace worked in. */
    public String namespace() {
        return namespace;
    }

    /** The tasks (of every namespace when {@code allNamespaces}) in priority order, only {@code phases} if given. */
    public List<Handoff> list(Set<TaskPhase> phases, boolean allNamespaces) {
        if (!allNamespaces) {
            return guard(() -> desk.list(phases)).stream().map(t -> Handoff.of(t, namespace)).toList();
        }
        List<RemediationTask> all = explain("list", RESOURCE, "all namespaces", null,
                () -> client.resources(RemediationTask.class).inAnyNamespace().list().getItems());
        record Located(StoredTask task, String namespace) {
        }
        return all.stream()
                .map(t -> new Located(KubernetesTaskStore.stored(t), t.getMetadata().getNamespace()))
                .filter(l -> l.task().phase() != null && (phases.isEmpty() || phases.contains(l.task().phase())))
                .sorted(Comparator.comparing(Located::task, AgentDesk.PRIORITY).thenComparing(Located::namespace))
                .map(l -> Handoff.of(l.task(), l.namespace()))
                .toList();
    }

    /** Claims the most urgent claimable task; empty when none is claimable. */
    public Optional<Handoff> next(String agent, Duration lease, String note) {
        return guard(() -> desk.next(agent, lease, note)).map(t -> Handoff.of(t, namespace));
    }

    /** One task's hand-off. */
    public Handoff get(String name) {
        return Handoff.of(guard(() -> desk.get(name)), namespace);
    }

    /** Claims one task. */
    public Handoff claim(String name, String agent, Duration lease, String note) {
        return Handoff.of(guard(() -> desk.claim(name, agent, lease, note)), namespace);
    }

    /** Extends the agent's lease. */
    public Handoff renew(String name, String agent, Duration lease) {
        return Handoff.of(guard(() -> desk.renew(name, agent, lease)), namespace);
    }

    /** Gives the task back (Open). */
    public Handoff release(String name, String agent, String reason) {
        return Handoff.of(guard(() -> desk.release(name, agent, reason)), namespace);
    }

    /** Reports the fix (Fixed); dockmedic verifies it. */
    public Handoff resolve(String name, String agent, String summary, List<String> changes, String learning) {
        return Handoff.of(guard(() -> desk.resolve(name, agent, summary, changes, learning)), namespace);
    }

    /** The protocol's and the store's failures as one-line {@link AgentTaskException}s. */
    private <T> T guard(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (AgentRefusedException e) {
            throw new AgentTaskException(Kind.REFUSED, e.getMessage(), e);
        } catch (TaskNotFoundException e) {
            throw new AgentTaskException(Kind.NOT_FOUND, e.getMessage() + " in namespace " + namespace, e);
        } catch (TaskConflictException e) {
            throw new AgentTaskException(Kind.CONFLICT, "the task kept changing while it was written (other writers); "
                    + "nothing was changed, try again", e);
        } catch (IllegalArgumentException e) {
            throw new AgentTaskException(Kind.BAD_INPUT, e.getMessage(), e);
        }
    }

    /** Runs one API call, saying which verb on which resource failed and why. */
    private <T> T explain(String verb, String resource, String where, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String scope = where == null ? "in namespace " + namespace : "in " + where;
            int code = e.getCode();
            if (code == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new AgentTaskException(Kind.FORBIDDEN, "forbidden: the agent's account may not " + verb + " "
                        + resource + " " + scope, e);
            }
            if (code == HttpURLConnection.HTTP_UNAUTHORIZED) {
                throw new AgentTaskException(Kind.UNREACHABLE, "unauthorized: the Kubernetes API server at "
                        + client.getMasterUrl() + " does not accept the kubeconfig's credentials", e);
            }
            if (code == HttpURLConnection.HTTP_NOT_FOUND && name == null) {
                throw new AgentTaskException(Kind.NOT_FOUND, "the server has no " + RESOURCE + "."
                        + HasMetadata.getGroup(RemediationTask.class) + " resource: install the CRDs "
                        + "(kubectl apply -f crds/)", e);
            }
            if (code <= 0) { // no HTTP answer: connection refused, reset, timed out, TLS failed
                throw new AgentTaskException(Kind.UNREACHABLE, "cannot reach the Kubernetes API server at "
                        + client.getMasterUrl() + ": " + rootMessage(e), e);
            }
            if (code == HttpURLConnection.HTTP_CONFLICT || code == HttpURLConnection.HTTP_NOT_FOUND) {
                throw e; // the store turns these into TaskConflictException / TaskNotFoundException
            }
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : rootMessage(e);
            throw new AgentTaskException(Kind.SERVER, "the API server refused to " + verb + " " + resource + " "
                    + scope + " (HTTP " + code + "): " + reason.replaceAll("\\s+", " ").strip(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    /** The store with each call's verb and resource named in its failures. */
    private final class Explained implements TaskStore {
        private final TaskStore store;

        Explained(TaskStore store) {
            this.store = store;
        }

        @Override
        public List<StoredTask> list(String auditLabel) {
            return explain("list", RESOURCE, null, null, () -> store.list(auditLabel));
        }

        @Override
        public List<StoredTask> listAll() {
            return explain("list", RESOURCE, null, null, store::listAll);
        }

        @Override
        public Optional<StoredTask> get(String name) {
            return explain("get", RESOURCE, null, name, () -> store.get(name));
        }

        @Override
        public StoredTask create(String name, Map<String, String> labels, AuditOwner owner, RemediationTaskSpec spec) {
            return explain("create", RESOURCE, null, name, () -> store.create(name, labels, owner, spec));
        }

        @Override
        public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
            return explain("patch", RESOURCE, null, task.name(), () -> store.updateMetadata(task, labels, owner));
        }

        @Override
        public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared) {
            return explain("patch", RESOURCE + "/status", null, name,
                    () -> store.patchStatus(name, version, patch, cleared));
        }
    }
}
