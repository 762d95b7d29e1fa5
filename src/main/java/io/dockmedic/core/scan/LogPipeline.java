package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.log.EventAssembler;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.rules.EventTriage;
import io.dockmedic.core.rules.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One container's log on two threads of its own: the reading thread calls {@link ContainerRuntime#readLogs} and
 * prepares each line ({@link EventAssembler#prepare}: cleaning, level, message), the assembling thread builds events
 * and triages them; what the scan thread gets, in order, is the few events that are issues, progress counts and the
 * end. Whatever the runtime does on its own threads (the Docker adapter decodes on a third), a line costs the
 * scan thread nothing, and a scan of one container runs on as many cores as there are stages.
 *
 * <p>Everything between the stages is bounded (a few batches of lines, {@value #JUDGED_ITEMS} judged events), so
 * the heap holds a few megabytes per container in flight whatever the log size. The scan thread reads {@link #take()}
 * until {@link End}; it may {@link #cancel()} (the reader stops, the end still comes) or {@link #abandon()} (nobody
 * waits any more: every stage stops as soon as it would wait).
 */
final class LogPipeline {

    static final int BATCH_LINES = 1024;
    static final int BATCH_CHARS = 256 * 1024;
    static final int QUEUED_BATCHES = 4;
    static final int JUDGED_ITEMS = 128;
    private static final long OFFER_MILLIS = 50;

    /** Daemon threads, made when needed and kept a while: a rescan every few seconds reuses them. */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DaemonThreads());

    /** An event the triage made an issue of, for the scan thread to mine and record. */
    record Judged(LogEvent event, Verdict verdict) {
    }

    /** {@code lines} lines of the container have been read, at a multiple of the listener's interval. */
    record Progress(long lines) {
    }

    /**
     * The container's read is over.
     *
     * @param cursor where the next read starts: the runtime's, or after the last line read when it failed
     * @param failure why the read ended early, or null
     */
    record End(LogCursor cursor, RuntimeException failure, long lines, long bytes) {
    }

    /** Lines prepared on the reading thread, with their UTF-8 sizes. */
    private record Batch(List<EventAssembler.Prepared> lines, int[] bytes) {
    }

    /** The reading thread's last word: the runtime's cursor, or why the read failed. */
    private record LinesEnd(LogCursor cursor, RuntimeException failure) {
    }

    private final ContainerInfo container;
    private final LogCursor from;
    private final EventTriage triage;
    private final long progressInterval;
    private final BlockingQueue<Object> lines = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final BlockingQueue<Object> judged = new ArrayBlockingQueue<>(JUDGED_ITEMS);
    /** The reader is to stop: the scan thread said so, or the analysis failed. */
    private volatile boolean cancelled;
    /** The scan thread wants no more events of this container. */
    private volatile boolean stopped;
    private volatile boolean abandoned;

    private LogPipeline(ContainerInfo container, LogCursor from, EventTriage triage, long progressInterval) {
        this.container = container;
        this.from = from;
        this.triage = triage;
        this.progressInterval = Math.max(1, progressInterval);
    }

    /** Starts reading {@code container}'s log from {@code from} on threads of its own. */
    static LogPipeline start(ContainerRuntime runtime, ContainerInfo container, LogCursor from, EventTriage triage,
            long progressInterval) {
        LogPipeline pipeline = new LogPipeline(container, from, triage, progressInterval);
        THREADS.execute(pipeline::assemble);
        THREADS.execute(() -> pipeline.read(runtime));
        return pipeline;
    }

    /** The next item: a {@link Judged}, a {@link Progress} or, last, the {@link End}. */
    Object take() throws InterruptedException {
        return judged.take();
    }

    /** Stops the read; no more events come, the {@link End} still does. */
    void cancel() {
        stopped = true;
        cancelled = true;
    }

    /** Nobody reads this pipeline any more: its threads stop. */
    void abandon() {
        stopped = true;
        cancelled = true;
        abandoned = true;
        lines.clear();
        judged.clear();
    }

    // ---- the reading thread ----

    private void read(ContainerRuntime runtime) {
        Feed feed = new Feed();
        LinesEnd end;
        try {
            end = new LinesEnd(runtime.readLogs(container, from, feed), null);
        } catch (RuntimeException e) {
            end = new LinesEnd(null, e);
        }
        try {
            feed.flush();
            put(lines, end);
        } catch (Abandoned nobodyWaits) {
            // the scan is over
        }
    }

    /** The runtime's sink: prepares each line and queues them in batches. */
    private final class Feed implements Consumer<LogLine> {
        private List<EventAssembler.Prepared> batch = new ArrayList<>(BATCH_LINES);
        private int[] bytes = new int[BATCH_LINES];
        private long chars;

        @Override
        public void accept(LogLine line) {
            if (cancelled) {
                throw new CancellationException("the scan stopped reading " + container.name());
            }
            bytes[batch.size()] = utf8Length(line.text());
            batch.add(EventAssembler.prepare(line));
            chars += line.text().length();
            if (batch.size() == BATCH_LINES || chars >= BATCH_CHARS) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            put(lines, new Batch(batch, bytes));
            batch = new ArrayList<>(BATCH_LINES);
            bytes = new int[BATCH_LINES];
            chars = 0;
        }
    }

    // ---- the assembling thread ----

    private void assemble() {
        Assembly assembly = new Assembly();
        try {
            while (true) {
                Object item = lines.poll(OFFER_MILLIS, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (abandoned) {
                        return;
                    }
                } else if (item instanceof Batch batch) {
                    assembly.accept(batch);
                } else {
                    put(judged, assembly.end((LinesEnd) item));
                    return;
                }
            }
        } catch (InterruptedException | Abandoned e) {
            // the scan is over
        }
    }

    /** Event assembly and triage over the lines in order, and what a failed read had read exactly. */
    private final class Assembly {
        private final EventAssembler assembler = EventAssembler.problemsOnly(this::onEvent); // triage drops the rest
        private final ReadProgress progress = new ReadProgress();
        private long lineCount;
        private long byteCount;
        /** Why the analysis itself failed; from then on lines are only drained. */
        private RuntimeException failure;

        void accept(Batch batch) {
            if (failure != null || stopped) {
                return;
            }
            List<EventAssembler.Prepared> prepared = batch.lines();
            for (int i = 0; i < prepared.size(); i++) {
                EventAssembler.Prepared line = prepared.get(i);
                progress.read(line.line());
                lineCount++;
                byteCount += batch.bytes()[i];
                try {
                    assembler.accept(line);
                } catch (Abandoned e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed(e);
                    return;
                }
                if (lineCount % progressInterval == 0) {
                    put(judged, new Progress(lineCount));
                }
            }
        }

        /** A failure of the analysis is one of the read, as when it ran on the reading thread: the read stops there. */
        private void failed(RuntimeException e) {
            failure = e;
            cancelled = true;
        }

        End end(LinesEnd read) {
            if (!stopped) {
                try {
                    assembler.flush(); // also after a failure, as the open events were when this ran in the sink
                } catch (Abandoned e) {
                    throw e;
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            RuntimeException why = failure != null ? failure : read.failure();
            LogCursor cursor = why == null ? read.cursor() : progress.cursor(from);
            return new End(cursor, why, lineCount, byteCount);
        }

        private void onEvent(LogEvent event) {
            Optional<Verdict> verdict = triage.judge(event);
            if (verdict.isPresent()) {
                put(judged, new Judged(event, verdict.get()));
            }
        }
    }

    /** Queues {@code item}, waiting while the queue is full, unless the pipeline is abandoned meanwhile. */
    private void put(BlockingQueue<Object> queue, Object item) {
        try {
            while (!queue.offer(item, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Abandoned();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** Thrown on a pipeline thread when nobody waits for what it makes. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** The text's length in UTF-8, counted without encoding it. */
    static int utf8Length(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, 3 above; a surrogate pair (2 chars) makes 4
                length += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return length;
    }

    /**
     * The lines read at the newest timestamp, kept as references and hashed only when a read fails, so the
     * cursor after a partial read is exact without costing every line a hash.
     */
    static final class ReadProgress {
        private Instant position;
        private final List<LogLine> atPosition = new ArrayList<>();

        void read(LogLine line) {
            if (!line.timestamp().equals(position)) {
                position = line.timestamp();
                atPosition.clear();
            }
            atPosition.add(line);
        }

        /** The cursor after the last line read, or {@code start} when none was. */
        LogCursor cursor(LogCursor start) {
            if (position == null) {
                return start;
            }
            Set<String> seen = new HashSet<>();
            if (position.equals(start.position())) {
                seen.addAll(start.seenAtPosition());
            }
            for (LogLine line : atPosition) {
                seen.add(LogCursor.key(line));
            }
            return new LogCursor(position, seen);
        }
    }

    /** Names the pipeline's threads and lets the JVM exit while they idle. */
    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dockmedic-scan-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
