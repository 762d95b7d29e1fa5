package io.dockmedic.docker;

import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Decodes the body of Docker's {@code GET /containers/{id}/logs?timestamps=1} into lines, streaming.
 *
 * <p>For a container without a TTY the body is multiplexed: frames of an 8-byte header (stream
 * type, payload size) and a payload that is one daemon message, so each frame starts a timestamp; a
 * frame of type 3 is the engine's own error (it could not read the log file), thrown as such.
 * For a TTY container it is raw bytes. The first byte tells them apart: a frame header starts with
 * 0, 1 or 2, raw output with a timestamp's first digit. Memory stays at one read buffer and one
 * capped line per stream, whatever the log size.
 */
final class DockerLogReader {

    private static final int BUFFER_BYTES = 64 * 1024;
    /** Frame type of an error the engine reports in the stream (it cannot open the log file, say). */
    private static final int SYSTEM_ERROR = 3;
    private static final int MAX_ERROR_BYTES = 4096;

    /** The engine ended the log with an error of its own, after answering 200. */
    static final class EngineLogError extends IOException {
        EngineLogError(String message) {
            super(message);
        }
    }

    private DockerLogReader() {
    }

    /** Reads {@code body} to its end, sending every line to {@code sink}; lines without a timestamp get {@code undated}. */
    static void read(InputStream body, Instant undated, Consumer<LogLine> sink) throws IOException {
        read(body, undated, sink, () -> { });
    }

    /**
     * As {@link #read(InputStream, Instant, Consumer)}, and runs {@code drained} whenever everything
     * received so far has been decoded and the next read may wait for the engine.
     */
    static void read(InputStream body, Instant undated, Consumer<LogLine> sink, Runnable drained) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, BUFFER_BYTES);
        in.mark(1);
        int first = in.read();
        if (first < 0) {
            return;
        }
        in.reset();
        if (first <= SYSTEM_ERROR) {
            readFramed(in, undated, sink, drained);
        } else {
            readRaw(in, undated, sink, drained);
        }
    }

    private static void readFramed(InputStream in, Instant undated, Consumer<LogLine> sink, Runnable drained)
            throws IOException {
        LogLineAssembler stdout = new LogLineAssembler(LogStream.STDOUT, true, undated, sink);
        LogLineAssembler stderr = new LogLineAssembler(LogStream.STDERR, true, undated, sink);
        byte[] header = new byte[8];
        byte[] buffer = new byte[BUFFER_BYTES];
        while (true) {
            if (in.available() == 0) {
                drained.run();
            }
            if (!readHeader(in, header)) {
                break;
            }
            long remaining = ((header[4] & 0xFFL) << 24) | ((header[5] & 0xFF) << 16)
                    | ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
            if (header[0] == SYSTEM_ERROR) {
                byte[] message = in.readNBytes((int) Math.min(remaining, MAX_ERROR_BYTES));
                stdout.finish();
                stderr.finish();
                throw new EngineLogError(new String(message, StandardCharsets.UTF_8).strip());
            }
            LogLineAssembler target = header[0] == 2 ? stderr : stdout; // 0 (stdin) never carries logs
            target.startMessage();
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new EOFException("Docker log stream ended inside a frame");
                }
                target.accept(buffer, 0, n);
                remaining -= n;
            }
        }
        stdout.finish();
        stderr.finish();
    }

    private static boolean readHeader(InputStream in, byte[] header) throws IOException {
        int read = 0;
        while (read < header.length) {
            int n = in.read(header, read, header.length - read);
            if (n < 0) {
                if (read == 0) {
                    return false;
                }
                throw new EOFException("Docker log stream ended inside a frame header");
            }
            read += n;
        }
        return true;
    }

    private static void readRaw(InputStream in, Instant undated, Consumer<LogLine> sink, Runnable drained)
            throws IOException {
        // A TTY merges both streams into one; Docker reports it as stdout.
        LogLineAssembler stdout = new LogLineAssembler(LogStream.STDOUT, false, undated, sink);
        byte[] buffer = new byte[BUFFER_BYTES];
        while (true) {
            if (in.available() == 0) {
                drained.run();
            }
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            stdout.accept(buffer, 0, n);
        }
        stdout.finish();
    }
}
