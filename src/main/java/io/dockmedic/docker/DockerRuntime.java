package io.dockmedic.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The Docker engine behind the {@link ContainerRuntime} port (docker-java with the httpclient5
 * transport; the API version is left to the engine).
 *
 * <p>Containers are listed with {@code all=true} and inspected one by one for their state. A
 * {@code json-file} log on this machine is read straight from its files ({@link JsonFileLog}); any
 * other is streamed through the API with timestamps from the cursor's instant (Docker's {@code since}
 * takes nanoseconds and is inclusive). Either way the cursor drops what was read before. Every failure to talk to the engine
 * becomes a {@link RuntimeUnavailableException} whose message is one line a user can act on.
 */
public final class DockerRuntime implements ContainerRuntime, AutoCloseable {

    private static final String NEVER = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerSettings settings;
    /** For the GETs: list, inspect, logs. */
    private final DockerHttpClient http;
    /** docker-java, for the fixes' restarts and execs; opened at the first fix, so a scan never loads it. */
    private DockerConnection commands;
    /** Per container id: logging driver and file from the latest listing. */
    private final Map<String, LogSetup> logSetups = new ConcurrentHashMap<>();
    /** Per container id: where later reads of its files may start. */
    private final Map<String, List<JsonFileLog.Checkpoint>> checkpoints = new ConcurrentHashMap<>();
    /** Per container id: how its latest read got its lines. */
    private final Map<String, LogSource> sources = new ConcurrentHashMap<>();

    /** A container's logging driver and, for json-file, its log file on the engine's machine. */
    private record LogSetup(String driver, String logPath) {
        static LogSetup of(JsonNode inspect) {
            return new LogSetup(text(inspect.path("HostConfig").path("LogConfig").path("Type"), "unknown"),
                    text(inspect.path("LogPath"), null));
        }
    }

    /** Connects lazily: nothing is sent to the engine until the first call. */
    public DockerRuntime(DockerSettings settings) {
        this.settings = settings;
        this.http = DockerConnection.http(settings, 4, settings.readTimeout());
    }

    /** The engine's executor of automatic fixes, on this runtime's settings. */
    public io.dockmedic.core.fix.FixExecutor fixes() {
        return new DockerFixExecutor(this::commands);
    }

    private synchronized DockerClient commands() {
        if (commands == null) {
            commands = DockerConnection.open(settings, 2, settings.readTimeout());
        }
        return commands.client();
    }

    /** The runtime configured from this process's environment. */
    public static DockerRuntime fromEnvironment() {
        return new DockerRuntime(DockerSettings.fromEnvironment(System.getenv()));
    }

    @Override
    public List<ContainerInfo> listContainers() {
        JsonNode listed = getJson("/containers/json?all=1", "list containers");
        List<ContainerInfo> containers = new ArrayList<>(listed == null ? 0 : listed.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode container : listed == null ? JSON.createArrayNode() : listed) {
            JsonNode inspect = inspect(container.path("Id").asText(), "list containers");
            if (inspect == null) {
                continue; // removed between list and inspect: it is no longer there to analyze
            }
            ContainerInfo info = toInfo(inspect);
            containers.add(info);
            logSetups.put(info.id(), LogSetup.of(inspect));
            ids.add(info.id());
        }
        // What is kept per container is dropped with the container.
        logSetups.keySet().retainAll(ids);
        checkpoints.keySet().retainAll(ids);
        sources.keySet().retainAll(ids);
        containers.sort(Comparator.comparing(ContainerInfo::name));
        return containers;
    }

    /** The container's inspect document, or null when it is gone; {@code what} names the request in an error. */
    private JsonNode inspect(String id, String what) {
        return getJson("/containers/" + id + "/json", what);
    }

    /**
     * The engine's JSON answer to {@code GET path}, or null for 404. Read as a tree rather than through docker-java's
     * bean mapping, whose deserializers for the inspect document took a tenth of a second to build at every start.
     */
    private JsonNode getJson(String path, String what) {
        DockerHttpClient.Response response = get(path, what);
        if (response == null) {
            return null;
        }
        try (response; InputStream body = response.getBody()) {
            return JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw unreachable(e);
        }
    }

    /**
     * The engine's answer to {@code GET path} when it is 200 (the caller closes it), or null for 404 (gone); any
     * other status is refused, naming {@code what}.
     */
    private DockerHttpClient.Response get(String path, String what) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        DockerHttpClient.Response response;
        int status;
        try {
            response = http.execute(request);
            status = response.getStatusCode();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
        if (status == 200) {
            return response;
        }
        try (response) {
            if (status == 404) {
                return null;
            }
            throw refused(what, status, errorBody(response), null);
        }
    }

    @Override
    public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        String apiBecause = whyNotFiles();
        LogSetup setup = null;
        if (apiBecause == null) {
            setup = logSetup(container);
            if (setup == null) {
                sources.put(container.id(), new LogSource(LogSource.API, "the container is gone"));
                return from; // removed since it was listed: nothing more to read
            }
            apiBecause = whyNotFiles(setup);
        }
        if (apiBecause == null) {
            Path path = Path.of(setup.logPath());
            JsonFileLog files = null;
            try {
                files = JsonFileLog.open(path);
            } catch (IOException | RuntimeException e) {
                apiBecause = "cannot read " + path + ": " + fileProblem(e);
            }
            if (files != null) {
                sources.put(container.id(), new LogSource(LogSource.FILE, path + (files.fileCount() == 1 ? ""
                        : " and " + (files.fileCount() - 1) + " rotated")));
                return readFiles(container, files, from, sink);
            }
        }
        sources.put(container.id(), new LogSource(LogSource.API, apiBecause));
        return readThroughApi(container, from, sink);
    }

    @Override
    public LogSource logSource(ContainerInfo container) {
        return sources.get(container.id());
    }

    /** Reads share only concurrent maps and the connection pool. */
    @Override
    public boolean readsInParallel() {
        return true;
    }

    /** Why no log of this engine is read from its files, or null when they may be. */
    private String whyNotFiles() {
        if (!settings.logFiles()) {
            return "DOCKMEDIC_DOCKER_LOG_FILES=off";
        }
        if (!onThisMachine(settings.host())) {
            return "the engine at " + settings.host() + " is not on this machine";
        }
        return null;
    }

    /** Why this log is read through the API, or null when its files can be read directly. */
    private static String whyNotFiles(LogSetup setup) {
        if (!"json-file".equals(setup.driver())) {
            return "logging driver " + setup.driver() + ", only json-file is read directly";
        }
        if (setup.logPath() == null || setup.logPath().isBlank()) {
            return "the engine gives no LogPath";
        }
        return null;
    }

    private static boolean onThisMachine(String host) {
        if (host.startsWith("unix://") || host.startsWith("npipe://")) {
            return true;
        }
        try {
            String name = URI.create(host).getHost();
            return name != null && (name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String fileProblem(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().replaceAll("\\s+", " ");
    }

    /** The container's logging driver and log file, from the latest listing or else an inspect; null when gone. */
    private LogSetup logSetup(ContainerInfo container) {
        LogSetup known = logSetups.get(container.id());
        if (known != null) {
            return known;
        }
        JsonNode inspect = inspect(container.id(), "inspect " + container.name());
        if (inspect == null) {
            return null;
        }
        LogSetup setup = LogSetup.of(inspect);
        logSetups.put(container.id(), setup);
        return setup;
    }

    private LogCursor readFiles(ContainerInfo container, JsonFileLog files, LogCursor from, Consumer<LogLine> sink) {
        LogCursor.Tracker tracker = from.tracker();
        List<JsonFileLog.Checkpoint> known = checkpoints.getOrDefault(container.id(), List.of());
        AtomicReference<List<JsonFileLog.Checkpoint>> next = new AtomicReference<>();
        Instant undated = Instant.now();
        try (files) {
            LogPrefetcher.stream(container.name(), (lines, drained) -> next.set(files.read(from, known, undated, lines,
                    drained)), files, from::admits, line -> {
                        tracker.accept(line);
                        sink.accept(line);
                    });
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot read the log file " + files + " of " + container.name()
                    + ": " + fileProblem(e), e);
        }
        if (next.get() != null) {
            checkpoints.put(container.id(), next.get());
        }
        return tracker.cursor();
    }

    private LogCursor readThroughApi(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        String what = "read the log of " + container.name();
        DockerHttpClient.Response response = get("/containers/" + container.id()
                + "/logs?stdout=1&stderr=1&timestamps=1&since=" + since(from.position()), what);
        if (response == null) {
            return from; // removed since it was listed: nothing more to read
        }
        LogCursor.Tracker tracker = from.tracker();
        try (response) {
            LogPrefetcher.stream(container.name(), response.getBody(), response, Instant.now(), from::admits, line -> {
                tracker.accept(line);
                sink.accept(line);
            });
        } catch (DockerLogReader.EngineLogError e) {
            throw refused(what, 200, e.getMessage(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
        return tracker.cursor();
    }

    /**
     * The engine's {@code since} for a cursor at {@code position}: seconds and nanoseconds, which the engine compares
     * to each line's timestamp inclusively; only the lines of that very instant come again, and the cursor drops them.
     * (Whole seconds would send an idle container's last second again at every rescan.)
     */
    static String since(Instant position) {
        if (position.getEpochSecond() < 0) {
            return "0";
        }
        return position.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d", position.getNano());
    }

    @Override
    public void close() {
        try {
            http.close();
            synchronized (this) {
                if (commands != null) {
                    commands.close();
                }
            }
        } catch (IOException e) {
            // closing idle connections to a daemon that went away has nothing left to lose
        }
    }

    private static ContainerInfo toInfo(JsonNode inspect) {
        String id = inspect.path("Id").asText();
        JsonNode config = inspect.path("Config");
        Map<String, String> labels = new HashMap<>();
        config.path("Labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        String image = text(config.path("Image"), text(inspect.path("Image"), null));
        String name = text(inspect.path("Name"), id).replaceFirst("^/", "");
        JsonNode state = inspect.path("State");
        JsonNode health = state.path("Health");
        String lastHealthOutput = null;
        JsonNode healthLog = health.path("Log");
        if (healthLog.size() > 0) {
            String output = text(healthLog.get(healthLog.size() - 1).path("Output"), null);
            lastHealthOutput = output == null ? null : output.strip();
        }
        String error = text(state.path("Error"), null);
        ContainerState mapped = new ContainerState(
                text(state.path("Status"), "unknown"),
                state.path("ExitCode").asInt(0),
                state.path("OOMKilled").asBoolean(false),
                inspect.path("RestartCount").asInt(0),
                text(health.path("Status"), null),
                health.path("FailingStreak").asInt(0),
                lastHealthOutput,
                time(text(state.path("StartedAt"), null)),
                time(text(state.path("FinishedAt"), null)),
                error == null || error.isBlank() ? null : error);
        return new ContainerInfo(id, name, image, labels, mapped);
    }

    /** A string field, or {@code absent} when it is missing or null. */
    private static String text(JsonNode field, String absent) {
        return field.isTextual() ? field.asText() : absent;
    }

    private static Instant time(String value) {
        if (value == null || value.isBlank() || value.equals(NEVER)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }


    private RuntimeUnavailableException refused(String what, int status, String detail, Throwable cause) {
        String reason = detail == null || detail.isBlank() ? "HTTP " + status : detail.strip().replaceAll("\\s+", " ");
        return new RuntimeUnavailableException(
                "Docker at " + settings.host() + " refused to " + what + ": " + reason, cause);
    }

    private RuntimeUnavailableException unreachable(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        String reason;
        String hint;
        if (root instanceof InterruptedIOException && lower.contains("time")) {
            reason = "no answer within " + settings.readTimeout().toSeconds() + "s";
            hint = "is dockerd hung? set DOCKMEDIC_DOCKER_READ_TIMEOUT to wait longer";
        } else if (root instanceof ConnectException || lower.contains("connection refused")) {
            reason = "connection refused";
            hint = "is dockerd running? set DOCKER_HOST to point elsewhere";
        } else if (root instanceof NoSuchFileException || lower.contains("no such file")) {
            reason = "no such socket";
            hint = "is dockerd running? set DOCKER_HOST to point elsewhere";
        } else if (lower.contains("permission denied") || lower.contains("access denied")) {
            reason = "permission denied";
            hint = "is your user in the docker group?";
        } else if (root instanceof UnknownHostException) {
            reason = "unknown host " + message;
            hint = "check DOCKER_HOST";
        } else if (root instanceof SSLException && (lower.contains("bad_certificate")
                || lower.contains("unknown_ca") || lower.contains("certificate_unknown"))) {
            // The engine refused our client certificate during the handshake (the other way to say so is a reset).
            reason = "TLS failed (" + message + ")";
            hint = "is the client certificate (cert.pem) signed by the CA the engine trusts (its --tlscacert)?";
        } else if (root instanceof SSLException) {
            reason = "TLS failed (" + message + ")";
            hint = "check DOCKER_TLS_VERIFY and DOCKER_CERT_PATH";
        } else if (settings.tlsVerify() && (lower.contains("broken pipe") || lower.contains("connection reset"))) {
            // An engine started with --tlsverify drops the connection of a client certificate it does not trust.
            reason = "the engine closed the TLS connection (" + message.strip() + ")";
            hint = "is the client certificate (cert.pem) signed by the CA the engine trusts (its --tlscacert)?";
        } else {
            reason = message.isEmpty() ? root.getClass().getSimpleName() : message.strip().replaceAll("\\s+", " ");
            hint = "is dockerd running? set DOCKER_HOST to point elsewhere";
        }
        return new RuntimeUnavailableException(
                "cannot reach Docker at " + settings.host() + ": " + reason + "; " + hint, e);
    }

    /** The engine's {"message": ...} error text, or the raw start of the body. */
    private static String errorBody(DockerHttpClient.Response response) {
        try (InputStream body = response.getBody()) {
            byte[] bytes = body.readNBytes(4096);
            try {
                JsonNode message = JSON.readTree(bytes).path("message");
                if (message.isTextual()) {
                    return message.asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
