package io.dockmedic.core.log;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Assembles one container's log lines into events: a Java stack trace, a Python traceback, a Go panic,
 * a PostgreSQL message with its DETAIL/HINT/STATEMENT lines, or a line with its indented continuation
 * lines becomes one {@link LogEvent}, with its level, message and stack trace filled in.
 *
 * <p>Each stream has its own open event, so stdout and stderr lines are never glued together even when
 * they interleave. A line joins the open event only when it continues it and arrived within
 * {@code maxGap} of the event's previous line. An event is capped ({@link #MAX_LINES} lines,
 * {@link #MAX_CHARS} characters, {@link #MAX_LINE_CHARS} per line): the first lines and the last lines
 * are kept, the number left out between them is recorded, and nothing is thrown.
 *
 * <p>Not thread-safe: use one assembler per container log. Rules are in SPEC/levels-and-events.md.
 */
public final class EventAssembler {

    /** Most lines an event keeps (head and tail together). */
    public static final int MAX_LINES = PendingEvent.HEAD_LINES + PendingEvent.TAIL_LINES;
    /** Most characters an event keeps, newlines not counted. */
    public static final int MAX_CHARS = PendingEvent.HEAD_CHARS + PendingEvent.TAIL_CHARS;
    /** Most characters kept of one line; the cut is marked in the line. */
    public static final int MAX_LINE_CHARS = 8 * 1024;
    /** Lines of one event arrive together; a longer pause ends the event. */
    public static final Duration DEFAULT_MAX_GAP = Duration.ofSeconds(2);

    private final Consumer<LogEvent> sink;
    private final Duration maxGap;
    /** False: events the writer called routine are assembled but not built or emitted. */
    private final boolean routineToo;
    private static final LevelDetector DETECTOR = new LevelDetector();
    private final PendingEvent[] open = new PendingEvent[LogStream.values().length];

    /** An assembler that hands each finished event to {@code sink}, with the default gap. */
    public EventAssembler(Consumer<LogEvent> sink) {
        this(sink, DEFAULT_MAX_GAP);
    }

    /** An assembler whose events end after a pause longer than {@code maxGap} between lines. */
    public EventAssembler(Consumer<LogEvent> sink, Duration maxGap) {
        this(sink, maxGap, true);
    }

    private EventAssembler(Consumer<LogEvent> sink, Duration maxGap, boolean routineToo) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.maxGap = Objects.requireNonNull(maxGap, "maxGap");
        this.routineToo = routineToo;
    }

    /**
     * An assembler that emits only the events whose writer did not call them routine ({@link Level#isRoutine}),
     * for a sink that would discard those (triage never makes an issue of them): most events of a log are routine,
     * and building each costs its lines, its stack trace check and the event. Their lines are still taken into
     * them, so every other event comes out exactly as from {@link #EventAssembler(Consumer)}.
     */
    public static EventAssembler problemsOnly(Consumer<LogEvent> sink) {
        return new EventAssembler(sink, DEFAULT_MAX_GAP, false);
    }

    /** Adds the next line of the log; emits the events this line completes. */
    public void accept(LogLine line) {
        accept(new Prepared(line, LineSanitizer.clean(line.text(), MAX_LINE_CHARS), null, null));
    }

    /**
     * Adds the next line of the log, {@linkplain #prepare prepared} beforehand (maybe on another thread); the
     * same events come out as from {@link #accept(LogLine)}.
     */
    public void accept(Prepared prepared) {
        // One method for both ways in: the JIT compiled a shared private one a second time on its own.
        LogLine line = prepared.line;
        String text = prepared.text;
        int slot = line.stream().ordinal();
        // Cleaned once, up front: continuation checks must not be fooled by colour codes or a CR either.
        PendingEvent event = open[slot];
        if (event != null) {
            if (!event.idleAt(line.timestamp(), maxGap) && event.absorbs(text, line.timestamp())) {
                return;
            }
            emit(slot);
        }
        if (!text.isBlank()) {
            ParsedLine parsed = prepared.parsed;
            PendingEvent.Opening opening = prepared.opening;
            open[slot] = PendingEvent.start(line.timestamp(), line.stream(), text,
                    parsed != null ? parsed : parse(line.text(), text),
                    opening != null ? opening : PendingEvent.Opening.of(text));
        }
    }

    /**
     * The work on a line that depends on the line alone (cleaning, its level and message, what event it would
     * open), done ahead of {@link #accept(Prepared)}. Pure and thread-safe, so a scan can run it on one thread
     * while another assembles; it costs what {@link #accept(LogLine)} saves on lines that start an event, and
     * is wasted on lines that continue one.
     */
    public static Prepared prepare(LogLine line) {
        String raw = line.text();
        String text = LineSanitizer.clean(raw, MAX_LINE_CHARS);
        if (text.isBlank()) {
            return new Prepared(line, text, null, null);
        }
        return new Prepared(line, text, parse(raw, text), PendingEvent.Opening.of(text));
    }

    /** A cut line is parsed from its original: a JSON line's level may lie past the cut. */
    private static ParsedLine parse(String raw, String clean) {
        return raw.length() > MAX_LINE_CHARS ? DETECTOR.parse(raw) : DETECTOR.parseClean(clean);
    }

    /** A log line with the work of {@link #prepare} done. */
    public static final class Prepared {
        private final LogLine line;
        private final String text;
        private final ParsedLine parsed;
        private final PendingEvent.Opening opening;

        private Prepared(LogLine line, String text, ParsedLine parsed, PendingEvent.Opening opening) {
            this.line = line;
            this.text = text;
            this.parsed = parsed;
            this.opening = opening;
        }

        /** The line as read. */
        public LogLine line() {
            return line;
        }
    }

    /** Emits every open event; call at the end of a log. */
    public void flush() {
        PendingEvent out = open[LogStream.STDOUT.ordinal()];
        PendingEvent err = open[LogStream.STDERR.ordinal()];
        boolean errFirst = out != null && err != null && err.timestamp().isBefore(out.timestamp());
        for (LogStream stream : errFirst ? new LogStream[] {LogStream.STDERR, LogStream.STDOUT} : LogStream.values()) {
            emit(stream.ordinal());
        }
    }

    /**
     * Emits open events whose last line is more than the gap older than {@code now}: no line can join them
     * any more, so a streaming reader calls this while it waits for new lines.
     */
    public void flushIdle(Instant now) {
        for (int slot = 0; slot < open.length; slot++) {
            if (open[slot] != null && open[slot].idleAt(now, maxGap)) {
                emit(slot);
            }
        }
    }

    private void emit(int slot) {
        PendingEvent event = open[slot];
        open[slot] = null;
        if (event != null && (routineToo || !event.statedLevel().isRoutine())) {
            sink.accept(event.toEvent());
        }
    }
}
