package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockmedic.core.container.RuntimeUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A docker-java client for the engine {@link DockerSettings} names, with its httpclient5 transport: the one
 * place that turns settings into a client. Nothing is sent to the engine until the first request.
 *
 * @param client the docker-java client
 * @param http its transport, for requests docker-java has no command for
 */
public record DockerConnection(DockerClient client, DockerHttpClient http) implements AutoCloseable {

    /**
     * A client with at most {@code maxConnections} connections; {@code responseTimeout} is the longest silence
     * tolerated per request, or null for none (a stream that may rightly be silent for hours).
     *
     * @throws RuntimeUnavailableException when the host is not an address Docker can be reached at
     */
    public static DockerConnection open(DockerSettings settings, int maxConnections, Duration responseTimeout) {
        URI host = parseHost(settings.host());
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(settings.tlsVerify());
        if (settings.tlsVerify()) {
            config.withDockerCertPath(settings.certPath());
        }
        DefaultDockerClientConfig clientConfig = config.build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(clientConfig.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(settings.connectTimeout());
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        DockerHttpClient transport = http.build();
        return new DockerConnection(DockerClientImpl.getInstance(clientConfig, transport), transport);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private static URI parseHost(String host) {
        try {
            DockerSettings.checkHost(host, "DOCKER_HOST");
        } catch (IllegalArgumentException e) {
            throw new RuntimeUnavailableException(e.getMessage(), null);
        }
        return URI.create(host);
    }
}
