package io.dockmedic.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the Prometheus text format on {@code /metrics}, liveness on {@code /healthz} (the process answers)
 * and readiness on {@code /readyz} (200 when {@link OperatorHealth} says ready, else 503 with the reason).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private volatile boolean serving;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Takes {@code port} on all interfaces (0 picks a free port) without serving yet, so that a port in use
     * is known before anything else starts.
     */
    public static MetricsEndpoint bind(int port) {
        try {
            return new MetricsEndpoint(HttpServer.create(new InetSocketAddress(port), 0));
        } catch (IOException e) {
            String reason = e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName()
                    : Character.toLowerCase(e.getMessage().charAt(0)) + e.getMessage().substring(1);
            throw new UncheckedIOException("cannot listen for /metrics on port " + port + ": " + reason, e);
        }
    }

    /** Starts answering {@code /metrics} from {@code registry} and the probes from {@code health}; returns this. */
    public MetricsEndpoint serve(PrometheusMeterRegistry registry, OperatorHealth health) {
        server.createContext("/metrics", exchange -> answer(exchange, 200, registry.scrape(),
                "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/healthz", exchange -> answer(exchange, 200, "ok\n", "text/plain; charset=utf-8"));
        server.createContext("/readyz", exchange -> {
            OperatorHealth.Readiness readiness = health.readiness();
            answer(exchange, readiness.ready() ? 200 : 503, (readiness.ready() ? "ready: " : "not ready: ")
                    + readiness.reason() + "\n", "text/plain; charset=utf-8");
        });
        server.start();
        serving = true;
        return this;
    }

    /** The port actually listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int code, String body, String contentType)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (!serving) {
            // A server never started keeps its port until its dispatcher has run: start it so stop frees it.
            server.start();
        }
        server.stop(0);
    }
}
