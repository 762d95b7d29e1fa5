package io.dockmedic.cli;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the commands that talk to the Kubernetes API find it, and how they say why they could not. */
final class KubeConnection {

    private KubeConnection() {
    }

    /** The client configuration from {@code kubeconfig}, else $KUBECONFIG, ~/.kube/config or the in-cluster account. */
    static Config config(Path kubeconfig) {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The innermost cause's message on one line. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
