package io.dockmedic.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A line-delimited JSON-RPC client of one spawned {@code java -jar target/dockmedic.jar mcp}, as an agent has. */
public final class McpStdioClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<String> stray = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** Starts {@code dockmedic mcp --agent AGENT OPTIONS...}, its stderr in {@code dir/mcp-AGENT.err}. */
    public static McpStdioClient start(Path dir, String agent, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                "target/dockmedic.jar", "mcp", "--agent", agent));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("mcp-" + agent + ".err")
                .toFile());
        builder.environment().remove("DOCKMEDIC_STATE");
        return new McpStdioClient(builder.start(), agent);
    }

    private McpStdioClient(Process process, String agent) {
        this.process = process;
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    try {
                        messages.add(JSON.readTree(line));
                    } catch (IOException e) {
                        stray.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "mcp-stdout-" + agent);
        reader.setDaemon(true);
        reader.start();
    }

    /** The initialize handshake; the server's answer. */
    public JsonNode initialize() throws Exception {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "dockmedic-it").put("version", "1");
        JsonNode result = request("initialize", params);
        send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        return result;
    }

    /** One tools/call. */
    public JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", JSON.valueToTree(arguments));
        return request("tools/call", params);
    }

    /** One request and its answer. */
    public JsonNode request(String method, JsonNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        send(message);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode answer = messages.poll(1, TimeUnit.SECONDS);
            if (answer != null && answer.path("id").asInt(-1) == id) {
                return answer;
            }
            if (answer == null && !process.isAlive()) {
                throw new IllegalStateException("dockmedic mcp exited with " + process.exitValue());
            }
        }
        throw new IllegalStateException("no answer to " + method);
    }

    private void send(JsonNode message) throws IOException {
        stdin.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Lines on stdout that were not JSON-RPC. */
    public List<String> strayOutput() {
        return stray;
    }

    /** Closes stdin and waits for the exit code. */
    public int closeAndWait() throws Exception {
        stdin.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("dockmedic mcp did not stop after stdin closed");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
