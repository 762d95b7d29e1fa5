package io.dockmedic.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-trick HTTP server that answers every request with the same canned response, to test how
 * the adapter handles what a real engine rarely does on demand: errors, stalls, odd bodies. It listens on
 * loopback TCP (docker-java's transport) or on a unix socket (the scan's own client).
 */
final class FakeDockerEngine implements AutoCloseable {

    private final ServerSocketChannel server;
    private final String host;
    private final Path socketDirectory;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private volatile byte[] head = new byte[0];
    private volatile byte[] body = new byte[0];
    private volatile boolean stallAfterBody;

    private FakeDockerEngine(ServerSocketChannel server, String host, Path socketDirectory) {
        this.server = server;
        this.host = host;
        this.socketDirectory = socketDirectory;
        Thread acceptor = new Thread(this::serve, "fake-docker-engine");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An engine on a loopback TCP port. */
    static FakeDockerEngine tcp() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeDockerEngine(server, "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort(),
                null);
    }

    /** An engine on a unix socket in a temporary folder of its own. */
    static FakeDockerEngine unixSocket() throws IOException {
        Path directory = Files.createTempDirectory("fake-docker");
        Path socket = directory.resolve("docker.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        return new FakeDockerEngine(server, "unix://" + socket, directory);
    }

    String host() {
        return host;
    }

    /** Every request gets this status, content type and body, and the connection is closed after it. */
    FakeDockerEngine answer(int status, String contentType, byte[] responseBody) {
        head = ("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + responseBody.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        body = responseBody;
        stallAfterBody = false;
        return this;
    }

    /** Every request gets a 200 that promises more than it sends, then silence. */
    FakeDockerEngine stallAfter(byte[] partialBody) {
        head = ("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nContent-Length: "
                + (partialBody.length + 1_000_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        body = partialBody;
        stallAfterBody = true;
        return this;
    }

    List<String> requests() {
        return requests;
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                clients.add(socket);
                Thread handler = new Thread(() -> handle(socket), "fake-docker-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(SocketChannel socket) {
        try (socket) {
            InputStream in = Channels.newInputStream(socket);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            while (!request.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                request.write(b);
            }
            String text = request.toString(StandardCharsets.US_ASCII);
            requests.add(text.substring(0, text.indexOf("\r\n")));
            OutputStream out = Channels.newOutputStream(socket);
            out.write(head);
            out.write(body);
            out.flush();
            if (stallAfterBody) {
                Thread.sleep(60_000);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up or the test ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel client : clients) {
            client.close();
        }
        if (socketDirectory != null) {
            Files.deleteIfExists(socketDirectory.resolve("docker.sock"));
            Files.deleteIfExists(socketDirectory);
        }
    }
}
