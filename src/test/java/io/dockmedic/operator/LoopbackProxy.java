package io.dockmedic.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP listener on loopback that forwards every connection to the Docker engine's unix socket, and can be
 * cut (the port refuses connections and every open one is closed, as when the engine goes away) and restored.
 */
final class LoopbackProxy implements AutoCloseable {

    private final Path socket;
    private final int port;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private LoopbackProxy(Path socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    /** A proxy to {@code socket} on a free loopback port, already forwarding. */
    static LoopbackProxy start(Path socket) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        LoopbackProxy proxy = new LoopbackProxy(socket, port);
        proxy.restore();
        return proxy;
    }

    /** The address to give dockmedic, {@code tcp://127.0.0.1:PORT}. */
    String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts forwarding again on the same port. */
    synchronized void restore() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = server;
        Thread accept = new Thread(() -> accept(server), "dmhostile-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Refuses new connections and closes the open ones. */
    synchronized void cut() throws IOException {
        listener.close();
        for (AutoCloseable c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                open.add(client);
                open.add(engine);
                InputStream fromClient = client.getInputStream();
                OutputStream toClient = client.getOutputStream();
                // The channel's own read and write, which may run at once on two threads (the streams of
                // Channels share one lock, so a blocked read would stop every write).
                pump(() -> {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = fromClient.read(buffer)) >= 0; ) {
                        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                        while (bytes.hasRemaining()) {
                            engine.write(bytes);
                        }
                    }
                }, client, engine);
                pump(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    while (engine.read(buffer) >= 0) {
                        toClient.write(buffer.array(), 0, buffer.position());
                        toClient.flush();
                        buffer.clear();
                    }
                }, client, engine);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies one direction until either side closes. */
    private interface Copy {
        void run() throws IOException;
    }

    private void pump(Copy copy, Socket client, SocketChannel engine) {
        Thread thread = new Thread(() -> {
            try {
                copy.run();
            } catch (IOException closed) {
                // the other side or cut() closed it
            } finally {
                closeQuietly(client);
                closeQuietly(engine);
                open.remove(client);
                open.remove(engine);
            }
        }, "dmhostile-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
