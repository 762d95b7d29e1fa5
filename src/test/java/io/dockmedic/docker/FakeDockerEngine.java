package io.dockmedic.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-trick HTTP server that answers every request with the same canned response, to test how
 * the adapter handles what a real engine rarely does on demand: errors, stalls, odd bodies.
 */
final class FakeDockerEngine implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile byte[] head = new byte[0];
    private volatile byte[] body = new byte[0];
    private volatile boolean stallAfterBody;

    FakeDockerEngine() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "fake-docker-engine");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
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
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                clients.add(socket);
                Thread handler = new Thread(() -> handle(socket), "fake-docker-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
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
            OutputStream out = socket.getOutputStream();
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
        for (Socket client : clients) {
            client.close();
        }
    }
}
