package io.dockmedic.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 client for the bodiless GETs the scan sends (list, inspect, logs) to an engine on a unix
 * socket, over the JDK's own unix-domain channels.
 *
 * <p>Why not docker-java's Apache transport for these: Docker sends a log as one HTTP chunk per line, and
 * that transport decodes one chunk per read call (a 1M-line log cost its reading thread about 2 s of CPU);
 * it also builds a TLS context at start, for a socket. Here the socket is read in blocks of
 * {@value #BUFFER_BYTES} bytes and chunk headers are decoded inline, so one read of the body returns every
 * line that has arrived. Connections are kept alive for the next request. A request whose connection stays
 * silent longer than the read timeout has it closed by a watchdog thread and fails with a
 * {@link SocketTimeoutException}, so a hung engine fails the scan instead of hanging it.
 */
final class UnixSocketHttpClient implements DockerHttpClient {

    static final int BUFFER_BYTES = 64 * 1024;
    /** A read of a chunked body that brought less than this many bytes makes the next one wait {@link #GATHER_NANOS}. */
    static final int GATHER_BELOW = 16 * 1024;
    static final long GATHER_NANOS = 500_000;
    /** The longest chunk-size line accepted: hex digits and extensions nobody sends. */
    private static final int MAX_CHUNK_LINE = 1024;

    private final UnixDomainSocketAddress address;
    private final long readTimeoutNanos;
    private final int maxIdle;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private Thread watchdog;
    private volatile boolean closed;

    /**
     * A client for the engine at {@code socket}, keeping at most {@code maxIdle} connections open between
     * requests; {@code readTimeout} is the longest silence tolerated while a response is read, null for none.
     */
    UnixSocketHttpClient(Path socket, int maxIdle, Duration readTimeout) {
        this.address = UnixDomainSocketAddress.of(socket);
        this.maxIdle = maxIdle;
        this.readTimeoutNanos = readTimeout == null ? 0 : readTimeout.toNanos();
    }

    @Override
    public Response execute(Request request) {
        if (!"GET".equals(request.method()) || request.bodyBytes() != null || request.hijackedInput() != null) {
            throw new IllegalArgumentException("only GET without a body goes over this client, not " + request.method());
        }
        byte[] head = head(request);
        Connection reused = takeIdle();
        if (reused != null) {
            try {
                return reused.exchange(head, true);
            } catch (StaleConnection e) {
                reused.close(); // the engine closed it while it was idle: ask again on a new one
            } catch (IOException e) {
                reused.close();
                throw new UncheckedIOException(e);
            }
        }
        Connection fresh = connect();
        try {
            return fresh.exchange(head, false);
        } catch (IOException e) {
            fresh.close();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            idle.clear();
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
        open.forEach(Connection::close);
    }

    private static byte[] head(Request request) {
        String path = request.path();
        if (path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("not a request path: " + path);
        }
        StringBuilder head = new StringBuilder(128).append("GET ").append(path)
                .append(" HTTP/1.1\r\nHost: docker\r\nUser-Agent: dockmedic\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private synchronized Connection takeIdle() {
        return idle.pollFirst();
    }

    private void release(Connection connection) {
        synchronized (this) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    private Connection connect() {
        if (closed) {
            throw new IllegalStateException("the Docker client is closed");
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(address);
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            throw new UncheckedIOException(e.getMessage() + ": " + address.getPath(), e);
        }
        Connection connection = new Connection(channel);
        open.add(connection);
        startWatchdog();
        return connection;
    }

    private synchronized void startWatchdog() {
        if (readTimeoutNanos == 0 || watchdog != null || closed) {
            return;
        }
        watchdog = new Thread(this::watch, "docker-read-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Closes every connection that has waited for the engine longer than the read timeout. */
    private void watch() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(readTimeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                long since = connection.waitingSince;
                if (since != 0 && now - since > readTimeoutNanos) {
                    connection.timedOut = true;
                    connection.close();
                }
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was sent on it that could be lost
        }
    }

    /** A reused connection the engine had closed before it answered: the request may be sent again. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the engine closed the connection");
        }
    }

    /** One socket and its read buffer; the buffer is kept in read mode (position to limit is unread). */
    private final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private final byte[] bytes = buffer.array();
        /** {@link System#nanoTime()} when the current read started, 0 while not reading. */
        volatile long waitingSince;
        volatile boolean timedOut;

        Connection(SocketChannel channel) {
            this.channel = channel;
            buffer.limit(0);
        }

        /**
         * Sends {@code head} and reads the response's status and headers. On a {@code reused} connection that fails
         * before any byte of an answer arrives it throws {@link StaleConnection}: the engine had closed it while idle.
         */
        Response exchange(byte[] head, boolean reused) throws IOException {
            int end;
            try {
                ByteBuffer out = ByteBuffer.wrap(head);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                while ((end = headEnd()) < 0) {
                    if (buffer.remaining() == buffer.capacity()) {
                        throw new IOException("the engine's response headers exceed " + BUFFER_BYTES + " bytes");
                    }
                    if (fill() < 0) {
                        throw new EOFException("the engine closed the connection before its response headers ended");
                    }
                }
            } catch (IOException e) {
                if (reused && !timedOut && !buffer.hasRemaining()) {
                    throw new StaleConnection();
                }
                throw e;
            }
            String text = new String(bytes, buffer.position(), end - buffer.position(), StandardCharsets.ISO_8859_1);
            buffer.position(end + 4);
            String[] lines = text.split("\r\n");
            int status = status(lines[0]);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed response header from the engine: " + printable(lines[i]));
                }
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>(1))
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new Answer(status, headers, body(status, headers));
        }

        private Body body(int status, Map<String, List<String>> headers) throws IOException {
            boolean keepAlive = !headers.getOrDefault("Connection", List.of()).stream()
                    .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("close"));
            if (status / 100 == 1 || status == 204 || status == 304) {
                return new Body(this, Body.FIXED, 0, keepAlive);
            }
            List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
            if (encoding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
                return new Body(this, Body.CHUNKED, 0, keepAlive);
            }
            List<String> length = headers.getOrDefault("Content-Length", List.of());
            if (!length.isEmpty()) {
                try {
                    long bytes = Long.parseLong(length.get(0));
                    if (bytes >= 0) {
                        return new Body(this, Body.FIXED, bytes, keepAlive);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IOException("malformed Content-Length from the engine: " + printable(length.get(0)));
            }
            return new Body(this, Body.UNTIL_CLOSE, 0, false);
        }

        /** The index of the CRLFCRLF that ends the response head in the buffer, or -1. */
        private int headEnd() {
            for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Reads once from the socket into the buffer's free space; the bytes read, or -1 at its end. */
        int fill() throws IOException {
            buffer.compact();
            waitingSince = System.nanoTime() | 1; // never 0, which means "not reading"
            try {
                return channel.read(buffer);
            } catch (AsynchronousCloseException e) {
                if (timedOut) {
                    throw new SocketTimeoutException("Read timed out: no answer from the engine");
                }
                throw e;
            } finally {
                waitingSince = 0;
                buffer.flip();
            }
        }

        void close() {
            open.remove(this);
            closeQuietly(channel);
        }
    }

    private static int status(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (line.startsWith("HTTP/1.") && line.length() >= 12 && line.charAt(8) == ' ') {
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IOException("not an HTTP response from the engine: " + printable(line));
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A response: status, headers and the body, read from the connection as the caller asks. */
    private record Answer(int status, Map<String, List<String>> headers, Body body) implements Response {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return body;
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /**
     * A response body, framed by Content-Length, by chunks, or by the end of the connection. Closing it after its
     * end gives the connection back for the next request; closing it earlier closes the connection.
     */
    private final class Body extends InputStream {
        static final int FIXED = 0;
        static final int CHUNKED = 1;
        static final int UNTIL_CLOSE = 2;

        private final Connection connection;
        private final int framing;
        private final boolean keepAlive;
        private final ByteBuffer buffer;
        private final byte[] bytes;
        /** Bytes of the body (FIXED) or of the current chunk (CHUNKED) not yet read. */
        private long remaining;
        /** CHUNKED: a chunk's data has been read and its CRLF is still to come. */
        private boolean chunkDataEnded;
        /** CHUNKED: the zero-size chunk has been read; only trailers remain. */
        private boolean lastChunkSeen;
        private boolean ended;
        private boolean released;
        /** Bytes the last read of this chunked body brought. */
        private int lastFill = BUFFER_BYTES;

        Body(Connection connection, int framing, long length, boolean keepAlive) {
            this.connection = connection;
            this.framing = framing;
            this.keepAlive = keepAlive;
            this.buffer = connection.buffer;
            this.bytes = connection.bytes;
            this.remaining = length;
            this.ended = framing == FIXED && length == 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (released) {
                throw new IOException("the response body is closed");
            }
            if (length == 0) {
                return 0;
            }
            return switch (framing) {
                case FIXED -> readFixed(to, offset, length);
                case CHUNKED -> readChunked(to, offset, length);
                default -> readUntilClose(to, offset, length);
            };
        }

        private int readFixed(byte[] to, int offset, int length) throws IOException {
            if (remaining == 0) {
                ended = true;
                return -1;
            }
            if (!buffer.hasRemaining() && connection.fill() < 0) {
                throw new EOFException("the engine closed the connection " + remaining + " bytes before the body's end");
            }
            int n = (int) Math.min(Math.min(length, buffer.remaining()), remaining);
            buffer.get(to, offset, n);
            remaining -= n;
            ended = remaining == 0;
            return n;
        }

        private int readUntilClose(byte[] to, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (!buffer.hasRemaining() && connection.fill() < 0) {
                ended = true;
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(to, offset, n);
            return n;
        }

        /** Copies chunk data across as many chunks as are buffered; waits for the engine only when nothing was copied. */
        private int readChunked(byte[] to, int offset, int length) throws IOException {
            int copied = 0;
            while (copied < length && !ended) {
                if (remaining == 0) {
                    if (!nextChunk(copied == 0)) {
                        break; // what follows has not arrived, and some data is ready to return
                    }
                    continue;
                }
                if (!buffer.hasRemaining()) {
                    if (copied > 0) {
                        break;
                    }
                    if (fillStream() < 0) {
                        throw new EOFException("the engine closed the connection inside a chunk");
                    }
                }
                int n = (int) Math.min(Math.min(length - copied, buffer.remaining()), remaining);
                buffer.get(to, offset + copied, n);
                copied += n;
                remaining -= n;
                chunkDataEnded = remaining == 0;
            }
            return copied == 0 && ended ? -1 : copied;
        }

        /**
         * Reads more of a chunked body. When the last read brought less than {@value #GATHER_BELOW} bytes the engine
         * is writing more slowly than this side reads (one write per log line), and every read would return a line
         * or two: waiting {@value #GATHER_NANOS} ns first lets its writes gather in the socket, so that one read
         * takes many lines instead of one system call each.
         */
        private int fillStream() throws IOException {
            if (lastFill < GATHER_BELOW) {
                LockSupport.parkNanos(GATHER_NANOS);
            }
            lastFill = connection.fill();
            return lastFill;
        }

        /**
         * Reads what follows a chunk's data: its CRLF and the next chunk's size line, or after the last chunk the
         * trailers up to the empty line that ends the body. With {@code mayWait} false it uses only what is buffered
         * and says false when that is not enough (nothing is consumed then).
         */
        private boolean nextChunk(boolean mayWait) throws IOException {
            while (true) {
                if (lastChunkSeen ? trailersEnd() : chunkHeader()) {
                    return true;
                }
                if (buffer.remaining() > MAX_CHUNK_LINE) {
                    throw new IOException("malformed chunked body from the engine: a chunk-size or trailer line over "
                            + MAX_CHUNK_LINE + " bytes");
                }
                if (!mayWait) {
                    return false;
                }
                if (fillStream() < 0) {
                    throw new EOFException("the engine closed the connection between chunks");
                }
            }
        }

        /** Consumes the CRLF after the last data and the next size line when both are buffered. */
        private boolean chunkHeader() throws IOException {
            int start = buffer.position() + (chunkDataEnded ? 2 : 0);
            int lineEnd = lineEnd(start);
            if (lineEnd < 0) {
                return false;
            }
            if (chunkDataEnded && (bytes[buffer.position()] != '\r' || bytes[buffer.position() + 1] != '\n')) {
                throw new IOException("malformed chunked body from the engine: no CRLF after a chunk");
            }
            long size = chunkSize(start, lineEnd);
            buffer.position(lineEnd + 2);
            chunkDataEnded = false;
            if (size == 0) {
                lastChunkSeen = true; // the trailers come next
                return true;
            }
            remaining = size;
            return true;
        }

        /** Consumes buffered trailer lines; true once the empty line that ends the body is consumed. */
        private boolean trailersEnd() {
            while (true) {
                int lineEnd = lineEnd(buffer.position());
                if (lineEnd < 0) {
                    return false;
                }
                boolean empty = lineEnd == buffer.position();
                buffer.position(lineEnd + 2);
                if (empty) {
                    ended = true;
                    return true;
                }
            }
        }

        /** The index of the next CRLF at or after {@code from} in the buffer, or -1. */
        private int lineEnd(int from) {
            for (int i = from; i + 1 < buffer.limit(); i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private long chunkSize(int start, int end) throws IOException {
            long size = 0;
            int digits = 0;
            for (int i = start; i < end && bytes[i] != ';'; i++) {
                int digit = Character.digit(bytes[i], 16);
                if (digit < 0 || ++digits > 15) {
                    throw new IOException("malformed chunked body from the engine: chunk size '"
                            + printable(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1)) + "'");
                }
                size = size * 16 + digit;
            }
            if (digits == 0) {
                throw new IOException("malformed chunked body from the engine: an empty chunk size");
            }
            return size;
        }

        /** What can be read without waiting: buffered data of the current chunk (or the next, if its header is in). */
        @Override
        public int available() throws IOException {
            if (released || ended) {
                return 0;
            }
            if (framing == CHUNKED && remaining == 0 && !nextChunk(false)) {
                return 0;
            }
            return (int) Math.min(buffer.remaining(), framing == UNTIL_CLOSE ? Integer.MAX_VALUE : remaining);
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            if (framing == FIXED && !ended && remaining <= buffer.remaining()) {
                buffer.position(buffer.position() + (int) remaining); // a JSON reader may stop before the last newline
                remaining = 0;
                ended = true;
            }
            if (ended && keepAlive && framing != UNTIL_CLOSE && !buffer.hasRemaining()) {
                release(connection);
            } else {
                connection.close(); // unread body or extra bytes: the connection cannot carry another request
            }
        }
    }
}
