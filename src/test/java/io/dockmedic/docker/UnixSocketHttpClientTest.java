package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan's HTTP client against a scripted engine on a unix socket: framing, reuse and every way a response can break. */
class UnixSocketHttpClientTest {

    /** Answers the requests of one connection: its request lines so far, and where to write. */
    @FunctionalInterface
    private interface Script {
        /** Writes the answer to request number {@code index} of connection number {@code connection}; false closes it. */
        boolean answer(int connection, int index, OutputStream out) throws IOException, InterruptedException;
    }

    @TempDir
    Path folder;
    private ServerSocketChannel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private UnixSocketHttpClient client;

    private void serve(Script script) throws IOException {
        Path socket = folder.resolve("docker.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    int number = connections.incrementAndGet();
                    Thread handler = new Thread(() -> handle(channel, number, script));
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        client = new UnixSocketHttpClient(socket, 2, Duration.ofSeconds(1));
    }

    private void handle(SocketChannel channel, int number, Script script) {
        try (channel) {
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            for (int index = 0; ; index++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.add(head);
                if (!script.answer(number, index, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the test ended
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String chunked(List<String> chunks, String trailers) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return body.append("0\r\n").append(trailers).append("\r\n").toString();
    }

    private DockerHttpClient.Response get(String path) {
        return client.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path)
                .build());
    }

    private static String readAll(DockerHttpClient.Response response) throws IOException {
        try (response; InputStream body = response.getBody()) {
            return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aLogSentAsOneChunkPerLineComesBackAsManyLinesPerRead() throws IOException {
        List<String> lines = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "line " + i + "\n").toList();
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(lines, ""));
            return true;
        });

        try (DockerHttpClient.Response response = get("/containers/abc/logs?stdout=1");
                InputStream body = response.getBody()) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int largestRead = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                largestRead = Math.max(largestRead, n);
            }
            assertThat(all.toString(StandardCharsets.ISO_8859_1)).isEqualTo(String.join("", lines));
            assertThat(largestRead).isGreaterThan(100 * "line 1000\n".length());
        }
        assertThat(requests).singleElement().asString()
                .startsWith("GET /containers/abc/logs?stdout=1 HTTP/1.1\r\nHost: docker\r\n");
    }

    @Test
    void aChunkedBodyArrivingOneByteAtATimeWithExtensionsAndTrailersDecodesTheSame() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: yes\r\n\r\n";
        serve((connection, index, out) -> {
            for (byte b : response.getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
                out.flush();
            }
            return true;
        });

        assertThat(readAll(get("/x"))).isEqualTo("hello 0123456789abcdef");
        assertThat(readAll(get("/y"))).isEqualTo("hello 0123456789abcdef");
        assertThat(connections).hasValue(1); // the body was read to its end: the connection was kept
    }

    @Test
    void aContentLengthBodyIsReadExactlyAndItsConnectionCarriesTheNextRequest() throws IOException {
        serve((connection, index, out) -> {
            String body = "{\"n\":" + index + "}";
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            return true;
        });

        assertThat(readAll(get("/containers/json"))).isEqualTo("{\"n\":0}");
        assertThat(readAll(get("/containers/a/json"))).isEqualTo("{\"n\":1}");
        assertThat(readAll(get("/containers/b/json"))).isEqualTo("{\"n\":2}");
        assertThat(connections).hasValue(1);
    }

    @Test
    void aConnectionTheEngineClosedWhileIdleIsReplacedWithoutAnError() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nc" + connection);
            return false; // and closes it, as an engine does with a connection idle for too long
        });

        assertThat(readAll(get("/a"))).isEqualTo("c1");
        assertThat(readAll(get("/b"))).isEqualTo("c2");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aBodyClosedBeforeItsEndClosesItsConnectionInsteadOfReusingIt() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            Thread.sleep(300);
            write(out, "6\r\nsecond\r\n0\r\n\r\n");
            return true;
        });

        try (DockerHttpClient.Response response = get("/logs"); InputStream body = response.getBody()) {
            assertThat(new String(body.readNBytes(5), StandardCharsets.ISO_8859_1)).isEqualTo("first");
        }
        assertThat(readAll(get("/logs"))).isEqualTo("firstsecond");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aBodyWithNeitherLengthNorChunksLastsUntilTheEngineClosesTheConnection() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nraw output");
            return false;
        });

        assertThat(readAll(get("/attach"))).isEqualTo("raw output");
    }

    @Test
    void availableCountsBufferedDataBehindChunkHeadersWithoutWaiting() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n");
            Thread.sleep(60_000); // the rest never comes
            return false;
        });

        try (DockerHttpClient.Response response = get("/logs"); InputStream body = response.getBody()) {
            assertThat(new String(body.readNBytes(3), StandardCharsets.ISO_8859_1)).isEqualTo("abc");
            assertThat(body.available()).isEqualTo(3);
            assertThat(new String(body.readNBytes(3), StandardCharsets.ISO_8859_1)).isEqualTo("def");
            assertThat(body.available()).isZero();
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsReportedAsSuch() throws IOException {
        serve((connection, index, out) -> {
            write(out, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
            return false;
        });

        assertThatThrownBy(() -> get("/containers/json"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not an HTTP response from the engine: SSH-2.0-OpenSSH_9.2");
    }

    @Test
    void anEngineThatClosesInsideAChunkFailsTheReadInsteadOfEndingTheBodyEarly() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly six");
            return false;
        });

        try (DockerHttpClient.Response response = get("/logs")) {
            assertThatThrownBy(() -> response.getBody().readAllBytes())
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("inside a chunk");
        }
    }

    @Test
    void aMalformedChunkSizeIsRefused() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            return true;
        });

        try (DockerHttpClient.Response response = get("/logs")) {
            assertThatThrownBy(() -> response.getBody().readAllBytes())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("chunk size 'zz'");
        }
    }

    @Test
    void responseHeadersLargerThanTheBufferAreRefused() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(UnixSocketHttpClient.BUFFER_BYTES) + "\r\n\r\n");
            return false;
        });

        assertThatThrownBy(() -> get("/containers/json"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("response headers exceed");
    }

    @Test
    void anEngineSilentMidBodyFailsTheReadAfterTheTimeout() throws IOException {
        serve((connection, index, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nsome\r\n");
            Thread.sleep(60_000);
            return false;
        });
        long start = System.nanoTime();

        try (DockerHttpClient.Response response = get("/logs"); InputStream body = response.getBody()) {
            assertThat(new String(body.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("some");
            assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void onlyBodilessGetsAreSent() throws IOException {
        serve((connection, index, out) -> false);

        assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/containers/abc/restart").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only GET");
        assertThat(requests).isEmpty();
    }
}
