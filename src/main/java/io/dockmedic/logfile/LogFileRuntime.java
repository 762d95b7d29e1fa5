package io.dockmedic.logfile;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.RuntimeUnavailableException;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.docker.LogLineAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A saved log (a file, or standard input) seen as one container, so it is scanned exactly like a
 * Docker log. Lines may start with the RFC 3339 timestamps of {@code docker logs --timestamps};
 * lines without one follow the line before them (the first ones take the file's modification time,
 * or the start of the scan for stdin). Everything is read as stdout: a saved log no longer says
 * which stream a line came from. A {@code .gz} file is decompressed while it is read.
 *
 * <p>The container has no state (a file neither exits nor restarts), so only its lines make issues.
 */
public final class LogFileRuntime implements ContainerRuntime {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final Path path;
    private final InputStream stdin;
    private final Instant startedAt;
    private boolean stdinConsumed;

    private LogFileRuntime(String name, Path path, InputStream stdin, Instant startedAt) {
        this.name = name;
        this.path = path;
        this.stdin = stdin;
        this.startedAt = startedAt;
    }

    /** A saved log file; its container is named after the file. */
    public static LogFileRuntime ofFile(Path path) {
        return new LogFileRuntime(path.getFileName().toString(), path, null, null);
    }

    /** Standard input, which can be read once; its container is named {@code stdin}. */
    public static LogFileRuntime ofStdin(InputStream in, Instant now) {
        return new LogFileRuntime("stdin", null, in, now);
    }

    @Override
    public List<ContainerInfo> listContainers() {
        if (path != null && !Files.isRegularFile(path)) {
            throw new RuntimeUnavailableException("cannot read log file " + path + ": "
                    + (Files.exists(path) ? "not a regular file" : "no such file"), null);
        }
        String id = path == null ? "stdin" : "file:" + path.toAbsolutePath().normalize();
        return List.of(new ContainerInfo(id, name, "", Map.of(), null));
    }

    @Override
    public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
        LogCursor.Tracker tracker = from.tracker();
        Consumer<LogLine> admit = line -> {
            if (from.admits(line)) {
                tracker.accept(line);
                sink.accept(line);
            }
        };
        if (path == null) {
            if (stdinConsumed) {
                return from;
            }
            stdinConsumed = true;
            try {
                read(stdin, startedAt, admit);
            } catch (IOException e) {
                throw new RuntimeUnavailableException("cannot read standard input: " + reason(e), e);
            }
        } else {
            try (InputStream in = open(path)) {
                read(in, Files.getLastModifiedTime(path).toInstant(), admit);
            } catch (IOException e) {
                throw new RuntimeUnavailableException("cannot read log file " + path + ": " + reason(e), e);
            }
        }
        return tracker.cursor();
    }

    private static InputStream open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            return new GZIPInputStream(in, BUFFER_BYTES);
        }
        return in;
    }

    private static void read(InputStream in, Instant undated, Consumer<LogLine> sink) throws IOException {
        LogLineAssembler lines = new LogLineAssembler(LogStream.STDOUT, false, undated, sink);
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            lines.accept(buffer, 0, n);
        }
        lines.finish();
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
