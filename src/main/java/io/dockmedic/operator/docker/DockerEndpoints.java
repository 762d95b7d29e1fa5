package io.dockmedic.operator.docker;

import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.docker.DockerRuntime;
import io.dockmedic.docker.DockerSettings;
import io.dockmedic.audit.InvalidSpecException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns an audit's {@code dockerHost} and {@code tlsSecretRef} into engine settings, and keeps one
 * {@link DockerRuntime} per engine. TLS material is copied from the Secret into a private folder,
 * the layout DOCKER_CERT_PATH uses.
 */
public final class DockerEndpoints implements AutoCloseable {

    static final List<String> TLS_KEYS = List.of("ca.pem", "cert.pem", "key.pem");

    private final KubernetesClient client;
    private final DockerSettings defaults;
    private final AuditAccess access;
    private final Map<DockerSettings, DockerRuntime> runtimes = new HashMap<>();

    /**
     * @param defaults the operator's own engine (from its environment: DOCKER_HOST, DOCKER_TLS_VERIFY,
     *     DOCKER_CERT_PATH), used by audits that name no host; every engine's timeouts come from here
     * @param access the engines and containers audits may reach
     */
    public DockerEndpoints(KubernetesClient client, DockerSettings defaults, AuditAccess access) {
        this.client = client;
        this.defaults = defaults;
        this.access = access;
    }

    /**
     * The settings for an engine address (null: the default engine), with TLS from {@code tlsSecret} in
     * {@code namespace} when given.
     *
     * @throws InvalidSpecException when the engine is not on the operator's allow-list (before the Secret is
     *     read), or the Secret is missing or lacks a key
     */
    public DockerSettings settings(String namespace, String host, String tlsSecret) {
        boolean ownEngine = host == null;
        if (ownEngine) {
            host = defaults.host();
        }
        access.checkHost(host);
        if (ownEngine && tlsSecret == null) {
            return defaults;
        }
        if (tlsSecret == null) {
            return new DockerSettings(host, false, defaults.certPath(), defaults.connectTimeout(),
                    defaults.readTimeout(), defaults.logFiles());
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(tlsSecret).get();
        if (secret == null) {
            throw new InvalidSpecException("spec.tlsSecretRef: Secret '" + tlsSecret + "' not found in namespace '"
                    + namespace + "'");
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        for (String key : TLS_KEYS) {
            if (!data.containsKey(key)) {
                throw new InvalidSpecException("spec.tlsSecretRef: Secret '" + tlsSecret + "' has no key '" + key
                        + "' (needs " + String.join(", ", TLS_KEYS) + ")");
            }
        }
        return new DockerSettings(host, true, materialize(secret, data).toString(), defaults.connectTimeout(),
                defaults.readTimeout(), defaults.logFiles());
    }

    /** The runtime for these settings, created on first use, as an audit in {@code namespace} may see it. */
    public synchronized ContainerRuntime runtime(DockerSettings settings, String namespace) {
        return access.scoped(runtimes.computeIfAbsent(settings, DockerRuntime::new), namespace);
    }

    /** The executor of automatic fixes on that engine. */
    public synchronized io.dockmedic.core.fix.FixExecutor executor(DockerSettings settings) {
        return runtimes.computeIfAbsent(settings, DockerRuntime::new).fixes();
    }

    /**
     * Closes the runtimes of engines no audit uses any more. {@code inUse} is asked under this object's
     * lock, so an audit that registers its engine before asking for its runtime never loses it here.
     */
    public synchronized void retain(Supplier<Set<DockerSettings>> inUse) {
        Set<DockerSettings> engines = inUse.get();
        runtimes.entrySet().removeIf(entry -> {
            if (engines.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    // One folder per Secret version: a rotated Secret gets a new folder and so new settings.
    private static Path materialize(Secret secret, Map<String, String> data) {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "dockmedic-tls",
                secret.getMetadata().getUid() + "-" + secret.getMetadata().getResourceVersion());
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder.getParent());
                Path staging = Files.createTempDirectory(folder.getParent(), "staging",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                for (String key : TLS_KEYS) {
                    Files.write(staging.resolve(key), Base64.getDecoder().decode(data.get(key)));
                }
                Files.move(staging, folder);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS material of Secret "
                    + secret.getMetadata().getName(), e);
        }
    }

    @Override
    public synchronized void close() {
        runtimes.values().forEach(DockerRuntime::close);
        runtimes.clear();
    }
}
