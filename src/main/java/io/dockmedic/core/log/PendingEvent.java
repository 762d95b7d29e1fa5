package io.dockmedic.core.log;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** An event still open for continuation lines: decides which lines continue it, and keeps it bounded. */
final class PendingEvent {

    static final int HEAD_LINES = 150;
    static final int TAIL_LINES = 50;
    static final int HEAD_CHARS = 48 * 1024;
    static final int TAIL_CHARS = 16 * 1024;
    /** Blank lines an event may contain in a row (Go panics, chained Python tracebacks). */
    private static final int MAX_BLANKS = 2;

    static final String TRACEBACK = "Traceback (most recent call last):";

    /** What kind of multi-line event this is, which decides what may continue it. */
    enum Shape { PLAIN, JAVA, PYTHON, GO, POSTGRES, BANNER, RUST, RUBY, ABORT, SANITIZER, OTP, ELIXIR }

    /** Where a Python traceback is: in its frames, past its final exception line, or announcing a chained one. */
    private enum PythonPart { FRAMES, ENDED, CHAINED }

    private final Instant timestamp;
    private final LogStream stream;
    private static final LevelDetector DETECTOR = new LevelDetector();
    private static final String[] JUL_LEVELS = {"SEVERE: ", "WARNING: ", "INFO: ", "CONFIG: ", "FINE: ", "FINER: ", "FINEST: "};

    private ParsedLine first;
    /** Lines of the logger record that opened the event: 2 for java.util.logging's default format. */
    private int recordLines = 1;
    private final boolean firstIsTraceback;
    private final boolean firstIsPanic;
    private final String postgresPid;
    private final boolean prefixedByDigit;
    private Shape shape;
    private PythonPart pythonPart;
    private boolean postgresStatement;
    private String pythonFinal;
    /** Rust's current format: the panic message is on the lines after the location, until a note or backtrace. */
    private boolean rustMessage;
    /** A report whose last line has come (a sanitizer's "==N==ABORTING", a shell's signal report): nothing joins. */
    private boolean closed;

    private Instant last;
    /** The first line; most events have no other, so the head list is made only when a second line comes. */
    private final String firstLine;
    private ArrayList<String> head;
    private int headCount;
    private int headChars;
    private ArrayDeque<String> tail; // made only when the event outgrows its head
    private int tailChars;
    private int omitted;
    private int pendingBlanks;

    private PendingEvent(Instant timestamp, LogStream stream, String text, ParsedLine first, Opening opening) {
        this.timestamp = timestamp;
        this.last = timestamp;
        this.stream = stream;
        this.first = first;
        this.firstIsTraceback = opening.firstIsTraceback;
        this.firstIsPanic = opening.firstIsPanic;
        this.prefixedByDigit = opening.prefixedByDigit;
        this.postgresPid = opening.postgresPid;
        this.shape = opening.shape;
        this.pythonPart = opening.pythonPart;
        this.rustMessage = opening.rustMessage;
        this.firstLine = text;
        this.headCount = 1;
        this.headChars = text.length(); // the assembler cuts lines far below HEAD_CHARS
    }

    /**
     * What a line would make of the event it opens, read from its text alone: pure, so it may be worked out
     * ahead of assembly on another thread ({@link EventAssembler#prepare}).
     */
    static final class Opening {
        private final boolean firstIsTraceback;
        private final boolean firstIsPanic;
        private final boolean prefixedByDigit;
        private final String postgresPid;
        private final Shape shape;
        private final PythonPart pythonPart;
        private final boolean rustMessage;

        private Opening(boolean firstIsTraceback, boolean firstIsPanic, boolean prefixedByDigit, String postgresPid,
                Shape shape, PythonPart pythonPart, boolean rustMessage) {
            this.firstIsTraceback = firstIsTraceback;
            this.firstIsPanic = firstIsPanic;
            this.prefixedByDigit = prefixedByDigit;
            this.postgresPid = postgresPid;
            this.shape = shape;
            this.pythonPart = pythonPart;
            this.rustMessage = rustMessage;
        }

        /** The opening of {@code text}, a cleaned line that is not blank. */
        static Opening of(String text) {
            if (Tokens.isDigit(text.charAt(0))) {
                return digitLed(text); // most logs: a timestamp first
            }
            boolean traceback = text.startsWith(TRACEBACK);
            boolean panic = text.startsWith("panic: ") || text.startsWith("fatal error: ");
            int postgresLevel = traceback || panic ? -1 : PostgresLines.levelAt(text);
            String pid = postgresLevel >= 0 ? PostgresLines.pidBefore(text, postgresLevel) : null;
            Shape shape;
            PythonPart part = null;
            boolean rustMessage = false;
            if (traceback) {
                shape = Shape.PYTHON;
                part = PythonPart.FRAMES;
            } else if (panic) {
                shape = Shape.GO;
            } else if (text.startsWith("Exception in thread ") || StackTraces.isJavaExceptionLine(text)) {
                shape = Shape.JAVA;
            } else if (postgresLevel >= 0) {
                shape = Shape.POSTGRES;
            } else if (text.startsWith("*** ") && text.endsWith(" ***")) {
                shape = Shape.BANNER; // Redis's "*** FATAL CONFIG FILE ERROR ***" and the lines it explains
            } else if (RuntimeCrashes.isRustPanic(text)) {
                shape = Shape.RUST;
                rustMessage = RuntimeCrashes.rustMessageFollows(text);
            } else if (RuntimeCrashes.isRubyExceptionLine(text)) {
                shape = Shape.RUBY;
            } else if (RuntimeCrashes.isAbortMessage(text)) {
                shape = Shape.ABORT;
            } else if (RuntimeCrashes.isSanitizerStart(text)) {
                shape = Shape.SANITIZER;
            } else if (RuntimeCrashes.otpReportLevel(text) != null) {
                shape = Shape.OTP;
            } else if (RuntimeCrashes.isElixirExceptionLine(text)) {
                shape = Shape.ELIXIR;
            } else {
                shape = Shape.PLAIN;
            }
            if (shape == Shape.PLAIN && pid == null) {
                return PLAIN; // most lines: nothing to allocate
            }
            return new Opening(traceback, panic, false, pid, shape, part, rustMessage);
        }

        /**
         * {@link #of} for a line that starts with a digit, which no trace, panic, exception, banner, Rust, OTP,
         * Elixir or sanitizer line does: the checks that remain, in the same order.
         */
        private static Opening digitLed(String text) {
            int postgresLevel = PostgresLines.levelAt(text);
            if (postgresLevel >= 0) {
                return new Opening(false, false, true, PostgresLines.pidBefore(text, postgresLevel), Shape.POSTGRES,
                        null, false);
            }
            if (RuntimeCrashes.isRubyExceptionLine(text)) {
                return new Opening(false, false, true, null, Shape.RUBY, null, false);
            }
            if (RuntimeCrashes.isAssertionFailure(text)) {
                return new Opening(false, false, true, null, Shape.ABORT, null, false);
            }
            return PLAIN_DIGIT;
        }

        private static final Opening PLAIN = new Opening(false, false, false, null, Shape.PLAIN, null, false);
        private static final Opening PLAIN_DIGIT = new Opening(false, false, true, null, Shape.PLAIN, null, false);
    }

    /** A new event whose first line is {@code text}, already parsed. */
    static PendingEvent start(Instant timestamp, LogStream stream, String text, ParsedLine parsed) {
        return start(timestamp, stream, text, parsed, Opening.of(text));
    }

    /** A new event whose first line is {@code text}, already parsed and its opening read. */
    static PendingEvent start(Instant timestamp, LogStream stream, String text, ParsedLine parsed, Opening opening) {
        return new PendingEvent(timestamp, stream, text, parsed, opening);
    }

    Instant timestamp() {
        return timestamp;
    }

    /** The level the event's record states (its event's level unless UNKNOWN, which the trace may settle). */
    Level statedLevel() {
        return first.level();
    }

    /** Whether {@code now} is more than {@code gap} after the event's last line. */
    boolean idleAt(Instant now, Duration gap) {
        // now - last > gap, in seconds and nanos: Instant.plus made an object and a deep call tree per line
        long seconds = now.getEpochSecond() - last.getEpochSecond();
        int nanos = now.getNano() - last.getNano();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000;
        }
        return seconds > gap.getSeconds() || seconds == gap.getSeconds() && nanos > gap.getNano();
    }

    /** Takes the line into this event when it continues it; returns false when it starts something new. */
    boolean absorbs(String text, Instant at) {
        if (text.isBlank()) {
            if (acceptsBlank() && pendingBlanks < MAX_BLANKS) {
                pendingBlanks++;
                last = at;
                return true;
            }
            return false;
        }
        if (!continues(text)) {
            return false;
        }
        for (; pendingBlanks > 0; pendingBlanks--) {
            add("");
        }
        add(text);
        last = at;
        return true;
    }

    private boolean acceptsBlank() {
        return shape == Shape.GO || shape == Shape.PYTHON && pythonPart != PythonPart.FRAMES
                || shape == Shape.SANITIZER && !closed || shape == Shape.ELIXIR;
    }

    private boolean continues(String text) {
        char c = text.charAt(0);
        boolean indented = c == ' ' || c == '\t';
        if (closed) {
            return false;
        }
        switch (shape) {
            case RUST -> {
                return rustContinues(text, indented);
            }
            case RUBY -> {
                return indented || RuntimeCrashes.isRubyExceptionLine(text); // "\tfrom ..." frames, then each cause
            }
            case ABORT -> {
                // The C library's message, then the shell that started the program reports the signal.
                closed = RuntimeCrashes.isShellSignalReport(text);
                return closed || indented && pendingBlanks == 0;
            }
            case SANITIZER -> {
                if (headCount == 1 && RuntimeCrashes.isRule(firstLine) && !text.startsWith("==")) {
                    return false; // a line of '=' that no sanitizer report follows
                }
                closed = RuntimeCrashes.isSanitizerEnd(text);
                return true;
            }
            case OTP -> {
                return pendingBlanks == 0; // an OTP report runs to the next blank line
            }
            case ELIXIR -> {
                return indented || RuntimeCrashes.isElixirExceptionLine(text)
                        || pendingBlanks == 0 && RuntimeCrashes.isElixirContextLine(text);
            }
            default -> {
            }
        }
        if (shape == Shape.GO) {
            return indented || isGoTraceLine(text);
        }
        if (shape == Shape.PYTHON) {
            return pythonContinues(text, indented);
        }
        if (indented || text.startsWith("Caused by: ") || text.startsWith("Wrapped by: ")) {
            return true;
        }
        if (isSingleLine()) {
            if (first.level() == Level.UNKNOWN && isJulLevelLine(text) && Timestamps.isJulHeader(firstLine)) {
                first = DETECTOR.parseClean(text); // java.util.logging's default: the level and message follow
                recordLines = 2;
                return true;
            }
            // A logger line followed by the exception it was given is one event with the logger's level.
            Level level = first.level();
            if (text.startsWith(TRACEBACK) && level.isProblem()) {
                // Python writes uncaught tracebacks to stderr like its logging does, so a traceback only
                // belongs to a line that announced a problem (logger.exception is ERROR).
                shape = Shape.PYTHON;
                pythonPart = PythonPart.FRAMES;
                return true;
            }
            if (level != Level.UNKNOWN && !text.startsWith("Exception in thread ")
                    && StackTraces.isJavaExceptionLine(text)) {
                // The JVM prints uncaught exceptions to stderr with "Exception in thread": never a logger's.
                shape = Shape.JAVA;
                return true;
            }
            if (text.startsWith("goroutine ") && first.message().contains("panic")) {
                shape = Shape.GO; // Go's net/http logs a recovered panic's stack right after its line
                return true;
            }
            if (level.isProblem() && RuntimeCrashes.isElixirExceptionLine(text)) {
                shape = Shape.ELIXIR; // Elixir's logger: "[error] Task ... terminating" then "** (Error) msg"
                return true;
            }
        }
        if (shape == Shape.BANNER) {
            return !Tokens.isDigit(c) && pendingBlanks == 0; // the report under a "*** ... ***" banner
        }
        return shape == Shape.POSTGRES && postgresContinues(text);
    }

    /** Only a plain logger record, nothing after it yet, can take a following trace. */
    private boolean isSingleLine() {
        return shape == Shape.PLAIN && headCount == recordLines && tail == null;
    }

    private static boolean isJulLevelLine(String text) {
        for (String level : JUL_LEVELS) {
            if (text.startsWith(level)) {
                return true;
            }
        }
        return false;
    }

    private boolean pythonContinues(String text, boolean indented) {
        switch (pythonPart) {
            case FRAMES:
                if (pendingBlanks > 0) {
                    return false;
                }
                if (indented) {
                    return true;
                }
                if (StackTraces.isPythonExceptionLine(text)) {
                    pythonPart = PythonPart.ENDED;
                    pythonFinal = text;
                    return true;
                }
                return false;
            case ENDED:
                if (text.startsWith("During handling of the above exception")
                        || text.startsWith("The above exception was the direct cause")) {
                    pythonPart = PythonPart.CHAINED;
                    return true;
                }
                return indented && pendingBlanks == 0; // exception notes, multi-line messages
            default:
                if (text.startsWith(TRACEBACK)) {
                    pythonPart = PythonPart.FRAMES;
                    return true;
                }
                return false;
        }
    }

    private boolean rustContinues(String text, boolean indented) {
        if (RuntimeCrashes.isRustTraceLine(text)) {
            rustMessage = false;
            return true;
        }
        return indented || rustMessage && pendingBlanks == 0;
    }

    private static boolean isGoTraceLine(String text) {
        if (text.startsWith("goroutine ") || text.startsWith("[signal ") || text.startsWith("created by ")
                || text.startsWith("exit status ") || text.startsWith("runtime stack:")
                || text.startsWith("...additional frames elided...")) {
            return true;
        }
        return StackTraces.isGoFunctionLine(text);
    }

    private boolean postgresContinues(String text) {
        if (postgresStatement && prefixedByDigit && !Tokens.isDigit(text.charAt(0))) {
            return true; // the statement text goes on over lines of its own, without prefix
        }
        int keyword = PostgresLines.continuationAt(text);
        if (keyword < 0) {
            return false;
        }
        String pid = PostgresLines.pidBefore(text, keyword);
        if (postgresPid != null && pid != null && !pid.equals(postgresPid)) {
            return false; // another backend's message
        }
        postgresStatement = text.startsWith("STATEMENT", keyword) || text.startsWith("QUERY", keyword);
        return true;
    }

    private List<String> headList() {
        return head != null ? head : List.of(firstLine);
    }

    /** Keeps a line, already cleaned and cut by the assembler, within the event's caps. */
    private void add(String line) {
        if (tail == null && headCount < HEAD_LINES && headChars + line.length() <= HEAD_CHARS) {
            if (head == null) {
                head = new ArrayList<>();
                head.add(firstLine);
            }
            head.add(line);
            headCount++;
            headChars += line.length();
            return;
        }
        // Past the head, keep a moving tail: a runaway trace's root cause and last frames are at its end.
        if (tail == null) {
            tail = new ArrayDeque<>();
        }
        tail.addLast(line);
        tailChars += line.length();
        while (tail.size() > TAIL_LINES || tailChars > TAIL_CHARS && tail.size() > 1) {
            tailChars -= tail.removeFirst().length();
            omitted++;
        }
    }

    /** The finished event. */
    LogEvent toEvent() {
        List<String> headLines = headList();
        List<String> kept = headLines;
        if (tail != null) {
            kept = new ArrayList<>(headLines.size() + tail.size());
            kept.addAll(headLines);
            kept.addAll(tail);
        }
        StackTrace stackTrace = StackTraces.parse(shape, kept);
        if (stackTrace == null && shape == Shape.PLAIN && firstLine.startsWith("{")) {
            stackTrace = StackTraces.fromJsonField(firstLine);
        }
        Level level = first.level();
        if (level == Level.UNKNOWN) {
            if (shape == Shape.GO || shape == Shape.RUST) {
                level = firstIsPanic || shape == Shape.RUST ? Level.FATAL : Level.ERROR;
            } else if (stackTrace != null) {
                level = Level.ERROR; // an uncaught exception, printed by the runtime, not a logger
            }
        }
        String message = first.message();
        if (firstIsTraceback && pythonFinal != null) {
            message = LevelDetector.message(LineSanitizer.clean(pythonFinal, LevelDetector.MAX_MESSAGE), 0);
        } else if (shape == Shape.RUST && stackTrace != null && !firstLine.contains(" panicked at '")) {
            message = LevelDetector.message(message + " " + stackTrace.exceptionMessage(), 0); // the message follows
        } else if (shape == Shape.SANITIZER && RuntimeCrashes.isRule(firstLine)) {
            String headline = RuntimeCrashes.sanitizerHeadline(kept);
            message = headline == null ? message : LevelDetector.message(headline, 0);
        } else if (shape == Shape.OTP && kept.size() > 1) {
            // The report's header is a date; its first line says what happened, and the next what with.
            String what = kept.get(1) + (kept.size() > 2 ? " " + kept.get(2).strip() : "");
            message = LevelDetector.message(what, 0);
        }
        List<String> lines = kept;
        if (omitted > 0) {
            lines = new ArrayList<>(kept.size() + 1);
            lines.addAll(headLines);
            lines.add("… [" + omitted + " lines omitted]");
            lines.addAll(tail);
        }
        return new LogEvent(timestamp, stream, level, message, lines, stackTrace, omitted);
    }
}
