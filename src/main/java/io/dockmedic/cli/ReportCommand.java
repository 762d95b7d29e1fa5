package io.dockmedic.cli;

import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskReport;
import io.dockmedic.operator.api.RemediationTask;
import io.dockmedic.operator.task.KubernetesTaskStore;
import io.dockmedic.report.TaskReportWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dockmedic report}: writes the RemediationTasks of a namespace as the five report files. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes the RemediationTasks ('kubectl get issues') as files for people and agents who read files: "
                    + "docker_audit_report.json, remediation_plan.json, remediation_log.json (every automatic fix "
                    + "attempt), remediation_progress.log (one line per step, in time order) and "
                    + "learnings/docker_remediation.xml (or .json). Each file is replaced atomically.",
            "Uses the current kubeconfig ($KUBECONFIG or ~/.kube/config) like kubectl."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the files were written",
            "2:error: API server unreachable, CRDs missing, not allowed to list tasks, output not writable, "
                    + "bad option"})
public final class ReportCommand implements Callable<Integer> {

    /** The field manager nobody sees: the report only reads. */
    private static final String READER = "dockmedic-report";

    /** How the learnings file is written. */
    enum Format { xml, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "Folder for the files, created if missing.")
    Path output;

    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    /** Which namespaces: one, or all. */
    static final class Scope {
        @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
                description = "Namespace of the tasks (default: the kubeconfig context's, else default).")
        String namespace;

        @Option(names = {"-A", "--all-namespaces"}, description = "Tasks of every namespace.")
        boolean allNamespaces;
    }

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--format", paramLabel = "xml|json", defaultValue = "xml",
            description = "Format of the learnings file: xml (learnings/docker_remediation.xml, default) or json "
                    + "(learnings/docker_remediation.json).")
    Format format;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Config config;
        try {
            config = KubeConnection.config(kubeconfig);
        } catch (RuntimeException e) {
            err.println("dockmedic report: cannot read the Kubernetes configuration: " + e.getMessage());
            return 2;
        }
        String namespace = scope.allNamespaces ? null
                : scope.namespace != null ? scope.namespace
                : config.getNamespace() != null ? config.getNamespace() : "default";
        List<TaskReport.InNamespace> tasks;
        // One look, no retries: an unreachable server is reported at once.
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build()).build()) {
            try {
                tasks = namespace == null ? allNamespaces(client) : oneNamespace(client, namespace);
            } catch (KubernetesClientException e) {
                err.println("dockmedic report: " + problem(client, e, namespace));
                return 2;
            }
        }
        TaskReport report = TaskReport.of(tasks, Clock.systemUTC().instant());
        List<Path> written;
        try {
            written = new TaskReportWriter().write(report, output, format == Format.xml
                    ? TaskReportWriter.LearningsFormat.XML : TaskReportWriter.LearningsFormat.JSON);
        } catch (UncheckedIOException e) {
            err.println("dockmedic report: " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d tasks (%d need attention), %d fix attempts, %d steps, %d learnings from %s.%n",
                report.issues().size(), report.needingAttention().size(), report.attempts().size(),
                report.progress().size(), report.learnings().size(),
                namespace == null ? "all namespaces" : "namespace " + namespace);
        out.println("Files: " + String.join(", ", written.stream().map(Path::toString).toList()));
        out.flush();
        return 0;
    }

    private static List<TaskReport.InNamespace> oneNamespace(KubernetesClient client, String namespace) {
        return new KubernetesTaskStore(client, namespace, READER).listAll().stream()
                .map(task -> new TaskReport.InNamespace(namespace, task)).toList();
    }

    private static List<TaskReport.InNamespace> allNamespaces(KubernetesClient client) {
        // One list call over every namespace, rather than one per namespace.
        return client.resources(RemediationTask.class).inAnyNamespace().list().getItems().stream()
                .map(task -> {
                    StoredTask stored = KubernetesTaskStore.stored(task);
                    return new TaskReport.InNamespace(task.getMetadata().getNamespace(), stored);
                }).toList();
    }

    /** Why the tasks could not be listed, in one line. */
    private static String problem(KubernetesClient client, KubernetesClientException e, String namespace) {
        String server = client.getMasterUrl().toString();
        String where = namespace == null ? "in any namespace" : "in namespace " + namespace;
        if (e.getCode() == 404) {
            return "the CRD " + HasMetadata.getFullResourceName(RemediationTask.class) + " is not installed on "
                    + server + ": kubectl apply -f crds/";
        }
        if (e.getCode() == 401 || e.getCode() == 403) {
            return "not allowed to list RemediationTasks " + where + " on " + server + ": " + oneLine(e.getStatus()
                    != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : KubeConnection.rootMessage(e));
        }
        if (e.getCode() > 0) {
            return "cannot list RemediationTasks " + where + " on " + server + ": " + KubeConnection.rootMessage(e);
        }
        return "cannot reach the Kubernetes API server at " + server + ": " + KubeConnection.rootMessage(e);
    }



    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
