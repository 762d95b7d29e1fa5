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
import io.dockmedic.local.CorruptTaskFileException;
import io.dockmedic.local.LocalStoreException;
import io.dockmedic.local.LocalTaskStore;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agents' task operations on one store: a namespace of a Kubernetes API server, with the caller's
 * credentials (and so its RBAC), or a local state directory. What {@code dockmedic tasks} and
 * {@code dockmedic mcp} run. Every failure becomes an {@link AgentTaskException} with a one-line message.
 */
public final class AgentTasks {

    /** The field manager of agent writes in managedFields. */
    public static final String FIELD_MANAGER = "dockmedic-agent";
    private static final String RESOURCE = HasMetadata.getPlural(RemediationTask.class);

    private final String namespace;
    private final String scope;
    private final AgentDesk desk;
    private final Function<Set<TaskPhase>, List<Listed>> everywhere;

    /** The tasks of {@code namespace} on the API server {@code client} talks to. */
    public AgentTasks(KubernetesClient client, String namespace, Clock clock) {
        this.namespace = namespace;
        this.scope = "namespace " + namespace;
        KubernetesFailures failures = new KubernetesFailures(client, namespace);
        this.desk = new AgentDesk(new Explained(new KubernetesTaskStore(client, namespace, FIELD_MANAGER), failures),
                clock);
        this.everywhere = phases -> allNamespaces(client, failures, phases);
    }

    private AgentTasks(LocalTaskStore store, Clock clock) {
        this.namespace = null;
        this.scope = "state directory " + store.stateDir();
        this.desk = new AgentDesk(new Explained(store, new LocalFailures()), clock);
        // A state directory is one scope: "every namespace" is the same tasks.
        this.everywhere = phases -> listed(phases, false);
    }

    /** The tasks of a local state directory (SPEC/local-state.md); they have no namespace. */
    public static AgentTasks local(LocalTaskStore store, Clock clock) {
        return new AgentTasks(store, clock);
    }

    /** The namespace worked in, or null for a local state directory. */
    public String namespace() {
        return namespace;
    }

    /** Where the tasks are, for messages: {@code namespace shop} or {@code state directory ./.dockmedic}. */
    public String scope() {
        return scope;
    }

    /**
     * A task with the namespace it lives in.
     *
     * @param task the task
     * @param namespace its namespace, or null in a local state directory
     */
    public record Listed(StoredTask task, String namespace) {
    }

    /** The tasks (of every namespace when {@code allNamespaces}) in priority order, only {@code phases} if given. */
    public List<Handoff> list(Set<TaskPhase> phases, boolean allNamespaces) {
        return listed(phases, allNamespaces).stream().map(l -> Handoff.of(l.task(), l.namespace())).toList();
    }

    /** As {@link #list}, the tasks as stored: what {@code tasks list}'s table and {@code tasks describe} show. */
    public List<Listed> listed(Set<TaskPhase> phases, boolean allNamespaces) {
        if (allNamespaces) {
            return everywhere.apply(phases);
        }
        return guard(() -> desk.list(phases)).stream().map(t -> new Listed(t, namespace)).toList();
    }

    /** One task as stored. */
    public StoredTask stored(String name) {
        return guard(() -> desk.get(name));
    }

    private static List<Listed> allNamespaces(KubernetesClient client, KubernetesFailures failures,
            Set<TaskPhase> phases) {
        List<RemediationTask> all = failures.explain("list", RESOURCE, "all namespaces", null,
                () -> client.resources(RemediationTask.class).inAnyNamespace().list().getItems());
        return all.stream()
                .map(t -> new Listed(KubernetesTaskStore.stored(t), t.getMetadata().getNamespace()))
                .filter(l -> l.task().phase() != null && (phases.isEmpty() || phases.contains(l.task().phase())))
                .sorted(Comparator.comparing(Listed::task, AgentDesk.PRIORITY).thenComparing(Listed::namespace))
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
            throw new AgentTaskException(Kind.NOT_FOUND, e.getMessage() + " in " + scope, e);
        } catch (TaskConflictException e) {
            throw new AgentTaskException(Kind.CONFLICT, "the task kept changing while it was written (other writers); "
                    + "nothing was changed, try again", e);
        } catch (IllegalArgumentException e) {
            throw new AgentTaskException(Kind.BAD_INPUT, e.getMessage(), e);
        }
    }

    /** Turns a store's own failures into one-line {@link AgentTaskException}s naming what was being done. */
    private abstract static class Failures {
        abstract <T> T explain(String verb, String resource, String where, String name, Supplier<T> call);
    }

    /** The API server's answers: RBAC, credentials, a missing CRD, no connection. */
    private static final class KubernetesFailures extends Failures {
        private final KubernetesClient client;
        private final String namespace;

        KubernetesFailures(KubernetesClient client, String namespace) {
            this.client = client;
            this.namespace = namespace;
        }

        /** Runs one API call, saying which verb on which resource failed and why. */
        @Override
        <T> T explain(String verb, String resource, String where, String name, Supplier<T> call) {
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
                String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : rootMessage(e);
                throw new AgentTaskException(Kind.SERVER, "the API server refused to " + verb + " " + resource + " "
                        + scope + " (HTTP " + code + "): " + reason.replaceAll("\\s+", " ").strip(), e);
            }
        }
    }

    /**
     * The state directory's failures: a task file that does not parse is the task's fault (like a server
     * error, exit 1); a directory that cannot be read or written is like a server that cannot be reached.
     */
    private static final class LocalFailures extends Failures {

        @Override
        <T> T explain(String verb, String resource, String where, String name, Supplier<T> call) {
            try {
                return call.get();
            } catch (CorruptTaskFileException e) {
                throw new AgentTaskException(Kind.SERVER, "cannot " + verb + " " + resource + ": " + e.getMessage(),
                        e);
            } catch (LocalStoreException e) {
                throw new AgentTaskException(Kind.UNREACHABLE, e.getMessage(), e); // it names the path
            }
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
    private static final class Explained implements TaskStore {
        private final TaskStore store;
        private final Failures failures;

        Explained(TaskStore store, Failures failures) {
            this.store = store;
            this.failures = failures;
        }

        @Override
        public List<StoredTask> list(String auditLabel) {
            return failures.explain("list", RESOURCE, null, null, () -> store.list(auditLabel));
        }

        @Override
        public List<StoredTask> listAll() {
            return failures.explain("list", RESOURCE, null, null, store::listAll);
        }

        @Override
        public Optional<StoredTask> get(String name) {
            return failures.explain("get", RESOURCE, null, name, () -> store.get(name));
        }

        @Override
        public StoredTask create(String name, Map<String, String> labels, AuditOwner owner, RemediationTaskSpec spec) {
            return failures.explain("create", RESOURCE, null, name, () -> store.create(name, labels, owner, spec));
        }

        @Override
        public StoredTask updateMetadata(StoredTask task, Map<String, String> labels, AuditOwner owner) {
            return failures.explain("patch", RESOURCE, null, task.name(),
                    () -> store.updateMetadata(task, labels, owner));
        }

        @Override
        public StoredTask patchStatus(String name, String version, RemediationTaskStatus patch, Set<String> cleared) {
            return failures.explain("patch", RESOURCE + "/status", null, name,
                    () -> store.patchStatus(name, version, patch, cleared));
        }
    }
}
