package io.dockmedic.cli;

import io.dockmedic.agents.AgentTaskException;
import io.dockmedic.agents.AgentTaskException.Kind;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the agent's Kubernetes API server is and which namespace it works in, found the way kubectl finds them. */
public final class KubeOptions {

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service "
                    + "account).")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace of the tasks (default: the kubeconfig context's, else default).")
    String namespace;

    @Option(names = "--as", paramLabel = "USER",
            description = "Act as this user or service account (system:serviceaccount:NS:NAME), as kubectl --as does.")
    String as;

    @Option(names = "--as-group", paramLabel = "GROUP", description = "Group to act as, with --as (repeatable).")
    java.util.List<String> asGroups = java.util.List.of();

    /** The client configuration; a kubeconfig that cannot be read is an {@link Kind#UNREACHABLE} failure. */
    Config config() {
        try {
            Config config = kubeconfig == null ? Config.autoConfigure(null)
                    : Config.fromKubeconfig(Files.readString(kubeconfig));
            // An agent wants a prompt answer: one attempt, no back-off over an unreachable server.
            ConfigBuilder builder = new ConfigBuilder(config).withRequestRetryBackoffLimit(0);
            if (as != null) {
                builder.withImpersonateUsername(as).withImpersonateGroups(asGroups.toArray(String[]::new));
            }
            return builder.build();
        } catch (IOException e) {
            throw new AgentTaskException(Kind.UNREACHABLE, "cannot read the kubeconfig " + kubeconfig + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (RuntimeException e) {
            throw new AgentTaskException(Kind.UNREACHABLE, "cannot read the Kubernetes configuration: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
        }
    }

    /** The first Kubernetes option given on the command line, or null when none is. */
    String given() {
        if (kubeconfig != null) {
            return "--kubeconfig";
        }
        if (namespace != null) {
            return "--namespace";
        }
        if (as != null) {
            return "--as";
        }
        return asGroups.isEmpty() ? null : "--as-group";
    }

    /** A client for {@code config}. */
    static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The namespace: -n, else the context's, else default. */
    String namespace(Config config) {
        if (namespace != null && !namespace.isBlank()) {
            return namespace;
        }
        return config.getNamespace() != null ? config.getNamespace() : "default";
    }
}
