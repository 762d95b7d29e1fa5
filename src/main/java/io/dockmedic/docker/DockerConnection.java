package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockmedic.core.container.RuntimeUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
        DefaultDockerClientConfig clientConfig = config(parseHost(settings.host()), settings);
        DockerHttpClient transport = apache(clientConfig, settings, maxConnections, responseTimeout);
        return new DockerConnection(DockerClientImpl.getInstance(clientConfig, transport), transport);
    }

    /**
     * The transport for the plain GETs of a scan (list, inspect, logs): {@link UnixSocketHttpClient} for an engine on a
     * unix socket, docker-java's httpclient5 transport for any other; arguments as for {@link #open}.
     *
     * @throws RuntimeUnavailableException when the host is not an address Docker can be reached at
     */
    static DockerHttpClient http(DockerSettings settings, int maxConnections, Duration responseTimeout) {
        URI host = parseHost(settings.host());
        if ("unix".equalsIgnoreCase(host.getScheme())) {
            return new UnixSocketHttpClient(Path.of(host.getPath()), maxConnections, responseTimeout);
        }
        return apache(config(host, settings), settings, maxConnections, responseTimeout);
    }

    private static DefaultDockerClientConfig config(URI host, DockerSettings settings) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(settings.tlsVerify());
        if (settings.tlsVerify()) {
            config.withDockerCertPath(settings.certPath());
        }
        return config.build();
    }

    private static DockerHttpClient apache(DefaultDockerClientConfig clientConfig, DockerSettings settings,
            int maxConnections, Duration responseTimeout) {
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(clientConfig.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(settings.connectTimeout());
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return http.build();
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
