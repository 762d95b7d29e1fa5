package io.dockmedic.docker;

import io.dockmedic.core.log.LogLine;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads a log (an API body or the engine's log files) on a thread of its own, a bounded distance ahead of the thread that analyzes the
 * lines. Without it the engine waits while a line is analyzed and the analysis waits while the engine
 * decodes its log file: a scan took the sum of both times; with it, about the longer of the two.
 *
 * <p>Lines travel in batches of at most {@value #BATCH_LINES} lines or {@value #BATCH_CHARS} characters,
 * at most {@value #QUEUED_BATCHES} batches ahead, so the lines in flight stay within a few megabytes
 * whatever the log size; a partial batch is also sent when the engine makes the reader wait. The sink
 * is called on the caller's thread only.
 */
final class LogPrefetcher {

    static final int BATCH_LINES = 2048;
    static final int BATCH_CHARS = 512 * 1024;
    static final int QUEUED_BATCHES = 4;
    private static final long DRAINED_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The end of the body, or the failure that ended it. */
    private record End(Throwable failure) {
    }

    /** Decodes a log to its end on the reader thread, lines to {@code lines}, calling {@code drained} when it may wait. */
    @FunctionalInterface
    interface Decoder {
        void decode(Consumer<LogLine> lines, Runnable drained) throws IOException;
    }

    private LogPrefetcher() {
    }

    /**
     * Reads {@code body} with {@link DockerLogReader} on a reader thread and passes the lines that
     * {@code keep} accepts to {@code sink}, in order, on this thread. When the sink throws, the body is
     * closed through {@code abort} so the reader stops, and the sink's exception is rethrown.
     */
    static void stream(String name, InputStream body, Closeable abort, Instant undated, Predicate<LogLine> keep,
            Consumer<LogLine> sink) throws IOException {
        stream(name, (lines, drained) -> DockerLogReader.read(body, undated, lines, drained), abort, keep, sink);
    }

    /**
     * Runs {@code decoder} on a reader thread and passes the lines that {@code keep} accepts to
     * {@code sink}, in order, on this thread. When the sink throws, {@code abort} is closed so the
     * reader stops, and the sink's exception is rethrown.
     */
    static void stream(String name, Decoder decoder, Closeable abort, Predicate<LogLine> keep,
            Consumer<LogLine> sink) throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        Thread reader = new Thread(() -> read(decoder, keep, queue), "dockmedic-log-reader-" + name);
        reader.setDaemon(true);
        reader.start();
        boolean done = false;
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof End end) {
                    done = true;
                    rethrow(end.failure());
                    return;
                }
                @SuppressWarnings("unchecked")
                List<LogLine> batch = (List<LogLine>) item;
                for (LogLine line : batch) {
                    sink.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the log of " + name);
        } finally {
            if (!done) {
                abort.close(); // the reader is blocked on the body or the full queue: make it stop
                queue.clear();
                reader.interrupt();
                joinQuietly(reader);
            }
        }
    }

    private static void read(Decoder decoder, Predicate<LogLine> keep, BlockingQueue<Object> queue) {
        Batcher batcher = new Batcher(queue, keep);
        Throwable failure = null;
        try {
            decoder.decode(batcher, batcher::drained);
            batcher.flush();
        } catch (StopReading consumerGone) {
            return;
        } catch (Throwable t) {
            failure = t;
            try {
                batcher.flush(); // the lines read before the failure still count
            } catch (StopReading consumerGone) {
                return;
            }
        }
        try {
            queue.put(new End(failure));
        } catch (InterruptedException consumerGone) {
            // nobody waits for the end any more
        }
    }

    /** Collects kept lines into batches and queues each full one, waiting while the queue is full. */
    private static final class Batcher implements Consumer<LogLine> {
        private final BlockingQueue<Object> queue;
        private final Predicate<LogLine> keep;
        private List<LogLine> lines = new ArrayList<>(BATCH_LINES);
        private long chars;
        private long lastFlush = System.nanoTime() - DRAINED_FLUSH_NANOS;

        Batcher(BlockingQueue<Object> queue, Predicate<LogLine> keep) {
            this.queue = queue;
            this.keep = keep;
        }

        @Override
        public void accept(LogLine line) {
            if (!keep.test(line)) {
                return;
            }
            lines.add(line);
            chars += line.text().length();
            if (lines.size() >= BATCH_LINES || chars >= BATCH_CHARS) {
                flush();
            }
        }

        /**
         * The engine has nothing more for now: a partial batch goes out, so lines before a pause (or a
         * stall) are not held back; at most every {@link #DRAINED_FLUSH_NANOS}, because an engine slower
         * than the reader would otherwise cost a thread hand-off per frame.
         */
        void drained() {
            if (System.nanoTime() - lastFlush >= DRAINED_FLUSH_NANOS) {
                flush();
            }
        }

        void flush() {
            lastFlush = System.nanoTime();
            if (lines.isEmpty()) {
                return;
            }
            try {
                queue.put(lines);
            } catch (InterruptedException e) {
                throw new StopReading();
            }
            lines = new ArrayList<>(BATCH_LINES);
            chars = 0;
        }
    }

    /** Thrown on the reader thread when the consumer has gone away. */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof UncheckedIOException unchecked) {
            throw unchecked.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IOException(failure);
    }

    private static void joinQuietly(Thread reader) {
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
