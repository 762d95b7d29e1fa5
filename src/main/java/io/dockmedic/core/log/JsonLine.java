package io.dockmedic.core.log;

/**
 * Reads structured JSON log lines: zap, zerolog, slog, logrus, bunyan and pino (numeric levels),
 * logstash and ECS encoders, Google Cloud's severity, python-json-logger, structlog, Serilog's compact
 * format and MongoDB's {@code "s"}. Only the fields that carry the level, the message and the error
 * are decoded; everything else is skipped without building objects.
 */
final class JsonLine {

    private static final int MAX_DEPTH = 2;

    private final String s;
    private int pos;

    private Level level;
    private Level mongoLevel;
    private double levelNumber = Double.NaN;
    private String message;
    private int messageRank = Integer.MAX_VALUE;
    private String error;
    private String stack;
    private boolean serilog;

    private JsonLine(String s, int start) {
        this.s = s;
        this.pos = start;
    }

    /** The parsed line, or null when the text is not a JSON object carrying a level or a message. */
    static ParsedLine parse(String s, int start) {
        JsonLine json = new JsonLine(s, start);
        json.object(0, null);
        return json.result();
    }

    /** The stack trace text a JSON line carries (logstash "stack_trace", zap "stacktrace", ...), or null. */
    static String stackTrace(String s) {
        int start = Tokens.skipBlanks(s, 0);
        if (Tokens.charAt(s, start) != '{') {
            return null;
        }
        JsonLine json = new JsonLine(s, start);
        json.object(0, null);
        return json.stack;
    }

    private ParsedLine result() {
        Level found = level;
        if (found == null && !Double.isNaN(levelNumber)) {
            found = numericLevel(levelNumber);
        }
        if (found == null) {
            found = mongoLevel;
        }
        if (found == null && serilog) {
            found = Level.INFO; // Serilog's compact format omits @l for Information
        }
        if (found == null && message == null) {
            return null;
        }
        String text = message == null ? "" : message;
        if (error != null && !error.isEmpty() && !text.contains(error)) {
            text = text.isEmpty() ? error : text + ": " + error;
        }
        text = LineSanitizer.clean(Logfmt.firstLine(text), LevelDetector.SCAN_LIMIT);
        return new ParsedLine(found == null ? Level.UNKNOWN : found, LevelDetector.message(text, 0));
    }

    /** bunyan/pino levels (10 trace ... 60 fatal); single digits are syslog severities (GELF). */
    private static Level numericLevel(double value) {
        if (value < 10) {
            int severity = (int) value;
            return severity <= 2 ? Level.FATAL : severity == 3 ? Level.ERROR : severity == 4 ? Level.WARN
                    : severity == 5 ? Level.NOTICE : severity == 6 ? Level.INFO : Level.DEBUG;
        }
        return value >= 60 ? Level.FATAL : value >= 50 ? Level.ERROR : value >= 40 ? Level.WARN
                : value >= 30 ? Level.INFO : value >= 20 ? Level.DEBUG : Level.TRACE;
    }

    /** Reads an object at pos; returns false when the text ends or breaks before it closes. */
    private boolean object(int depth, String parent) {
        pos++;
        while (true) {
            skipWhitespace();
            char c = Tokens.charAt(s, pos);
            if (c == '}') {
                pos++;
                return true;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            if (c != '"') {
                return false;
            }
            int keyStart = pos + 1;
            int keyEnd = stringEnd(keyStart);
            if (keyEnd < 0) {
                return false;
            }
            pos = keyEnd + 1;
            skipWhitespace();
            if (Tokens.charAt(s, pos) != ':') {
                return false;
            }
            pos++;
            skipWhitespace();
            if (!value(depth, parent, keyStart, keyEnd)) {
                return false;
            }
        }
    }

    private boolean value(int depth, String parent, int keyStart, int keyEnd) {
        char c = Tokens.charAt(s, pos);
        if (c == '"') {
            int start = pos + 1;
            int end = stringEnd(start);
            if (end < 0) {
                return false;
            }
            pos = end + 1;
            take(parent, keyStart, keyEnd, start, end);
            return true;
        }
        if (c == '{') {
            String nested = depth < MAX_DEPTH ? nestedParent(keyStart, keyEnd) : null;
            return nested != null ? object(depth + 1, nested) : skipComposite();
        }
        if (c == '[') {
            return skipComposite();
        }
        int start = pos;
        while (pos < s.length() && !endsScalar(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            return false;
        }
        if (parent == null && isLevelKey(keyStart, keyEnd)) {
            try {
                levelNumber = Double.parseDouble(s.substring(start, pos));
            } catch (NumberFormatException notANumber) {
                // true, false or null: no level
            }
        }
        return true;
    }

    private static boolean endsScalar(char c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n';
    }

    private String nestedParent(int keyStart, int keyEnd) {
        if (key(keyStart, keyEnd, "log")) {
            return "log";
        }
        if (key(keyStart, keyEnd, "error") || key(keyStart, keyEnd, "err")) {
            return "error";
        }
        return null;
    }

    /** Records a string field that carries a level, message, error or stack trace. */
    private void take(String parent, int keyStart, int keyEnd, int start, int end) {
        if (!mayBeKnown(keyStart, keyEnd)) {
            return;
        }
        if (parent == null) {
            if (isLevelKey(keyStart, keyEnd)) {
                if (level == null) {
                    readLevel(start, end);
                }
            } else if (key(keyStart, keyEnd, "s")) {
                mongoLevel = mongoLevel(start, end);
            } else if (key(keyStart, keyEnd, "@t")) {
                serilog = true;
            } else if (key(keyStart, keyEnd, "error") || key(keyStart, keyEnd, "err")
                    || key(keyStart, keyEnd, "error.message")) {
                error = Logfmt.firstLine(decode(start, end));
            } else if (key(keyStart, keyEnd, "stack_trace") || key(keyStart, keyEnd, "stacktrace")
                    || key(keyStart, keyEnd, "exc_info") || key(keyStart, keyEnd, "exception")
                    || key(keyStart, keyEnd, "stack") || key(keyStart, keyEnd, "error.stack_trace")) {
                stack = decode(start, end);
            } else {
                int rank = messageRank(keyStart, keyEnd);
                if (rank < messageRank) {
                    messageRank = rank;
                    message = decode(start, end);
                }
            }
        } else if (parent.equals("log") && key(keyStart, keyEnd, "level") && level == null) {
            String value = decode(start, end);
            level = LevelWords.ofValue(value, 0, value.length());
        } else if (parent.equals("error")) {
            if (key(keyStart, keyEnd, "message") && error == null) {
                error = Logfmt.firstLine(decode(start, end));
            } else if ((key(keyStart, keyEnd, "stack") || key(keyStart, keyEnd, "stack_trace")) && stack == null) {
                stack = decode(start, end);
            }
        }
    }

    /**
     * Whether the key may be one this reader takes: they all start with one of these letters, so most
     * fields (time, pid, host, ids, request data) are passed over after one comparison.
     */
    private boolean mayBeKnown(int keyStart, int keyEnd) {
        if (keyEnd == keyStart) {
            return false;
        }
        char first = s.charAt(keyStart);
        return first == 'l' || first == 'm' || first == 's' || first == 'e' || first == '@';
    }

    /** A level value: a word ("error", "WARN") or a number in quotes ("50"); read in place unless escaped. */
    private void readLevel(int start, int end) {
        if (hasEscape(start, end)) {
            String value = decode(start, end);
            level = LevelWords.ofValue(value, 0, value.length());
            if (level == null && isNumber(value, 0, value.length())) {
                levelNumber = Double.parseDouble(value);
            }
            return;
        }
        level = LevelWords.ofValue(s, start, end);
        if (level == null && isNumber(s, start, end)) {
            levelNumber = Integer.parseInt(s, start, end, 10);
        }
    }

    private boolean hasEscape(int start, int end) {
        int backslash = s.indexOf('\\', start);
        return backslash >= 0 && backslash < end;
    }

    private boolean isLevelKey(int keyStart, int keyEnd) {
        return mayBeKnown(keyStart, keyEnd) && (key(keyStart, keyEnd, "level") || key(keyStart, keyEnd, "severity") || key(keyStart, keyEnd, "lvl")
                || key(keyStart, keyEnd, "levelname") || key(keyStart, keyEnd, "loglevel")
                || key(keyStart, keyEnd, "log.level") || key(keyStart, keyEnd, "@l")
                || key(keyStart, keyEnd, "level_name"));
    }

    private int messageRank(int keyStart, int keyEnd) {
        if (key(keyStart, keyEnd, "msg")) {
            return 0;
        }
        if (key(keyStart, keyEnd, "message")) {
            return 1;
        }
        if (key(keyStart, keyEnd, "@m")) {
            return 2;
        }
        if (key(keyStart, keyEnd, "@mt")) {
            return 3;
        }
        if (key(keyStart, keyEnd, "event")) {
            return 4; // structlog
        }
        return Integer.MAX_VALUE;
    }

    private Level mongoLevel(int start, int end) {
        if (end - start < 1 || end - start > 2) {
            return null;
        }
        return switch (s.charAt(start)) {
            case 'F' -> Level.FATAL;
            case 'E' -> Level.ERROR;
            case 'W' -> Level.WARN;
            case 'I' -> Level.INFO;
            case 'D' -> Level.DEBUG;
            default -> null;
        };
    }

    private boolean key(int keyStart, int keyEnd, String name) {
        return keyEnd - keyStart == name.length() && s.regionMatches(keyStart, name, 0, name.length());
    }

    private static boolean isNumber(String text, int start, int end) {
        if (end == start || end - start > 6) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Tokens.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Index of the quote closing a string whose content starts at {@code start}, or -1. */
    private int stringEnd(int start) {
        int n = s.length();
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private String decode(int start, int end) {
        if (!hasEscape(start, end)) {
            return s.substring(start, end);
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b', 'f' -> out.append(' ');
                case 'u' -> {
                    int code = i + 4 < end ? hex(i + 1) : -1;
                    if (code < 0) {
                        out.append(LineSanitizer.REPLACEMENT);
                    } else {
                        out.append((char) code);
                        i += 4;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private int hex(int i) {
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(s.charAt(k), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private boolean skipComposite() {
        int depth = 0;
        int n = s.length();
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '"') {
                int end = stringEnd(pos + 1);
                if (end < 0) {
                    pos = n;
                    return false;
                }
                pos = end + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                pos++;
                return true;
            }
            pos++;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
