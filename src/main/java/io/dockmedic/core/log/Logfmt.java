package io.dockmedic.core.log;

/** Reads logfmt lines ({@code time=.. level=error msg="..." err="..."}) as Go, Docker and Grafana write them. */
final class Logfmt {

    private static final String[] LEVEL_KEYS = {"level", "lvl", "severity", "loglevel", "log.level"};
    private static final String[] MESSAGE_KEYS = {"msg", "message"};
    private static final String[] ERROR_KEYS = {"err", "error", "error.message"};

    private Logfmt() {
    }

    /** The level from level/lvl/severity, the message from msg/message joined with err/error. */
    static ParsedLine parse(String s, int start) {
        int n = s.length();
        Level level = null;
        String msg = null;
        String err = null;
        int prose = -1;
        int i = start;
        while (i < n) {
            i = Tokens.skipBlanks(s, i);
            if (i >= n) {
                break;
            }
            int keyEnd = Tokens.keyEnd(s, i);
            if (keyEnd == i || Tokens.charAt(s, keyEnd) != '=') {
                prose = i; // free text after the pairs
                break;
            }
            int valueStart = keyEnd + 1;
            boolean quoted = Tokens.charAt(s, valueStart) == '"';
            int close = quoted ? closingQuote(s, valueStart + 1) : Tokens.tokenEnd(s, valueStart);
            int valueEnd = quoted ? Math.min(n, close + 1) : close;
            int from = quoted ? valueStart + 1 : valueStart;
            // Only the values of these keys are read; the others (time, ids, durations) are skipped uncopied.
            if (isAny(s, i, keyEnd, LEVEL_KEYS)) {
                if (level == null && quoted && hasEscape(s, from, close)) {
                    String value = unquote(s, from, close);
                    level = LevelWords.ofValue(value, 0, value.length());
                } else if (level == null) {
                    level = LevelWords.ofValue(s, from, close);
                }
            } else if (isAny(s, i, keyEnd, MESSAGE_KEYS)) {
                msg = quoted ? unquote(s, from, close) : s.substring(from, close);
            } else if (isAny(s, i, keyEnd, ERROR_KEYS)) {
                err = quoted ? unquote(s, from, close) : s.substring(from, close);
            }
            i = valueEnd;
        }
        String message;
        if (msg != null && !msg.isEmpty()) {
            message = err != null && !err.isEmpty() ? msg + ": " + err : msg;
        } else if (err != null) {
            message = err;
        } else {
            message = s.substring(prose >= 0 ? prose : start);
        }
        message = LineSanitizer.clean(firstLine(message), LevelDetector.SCAN_LIMIT);
        return new ParsedLine(level == null ? Level.UNKNOWN : level, LevelDetector.message(message, 0));
    }

    /** Index of the closing quote for a value starting at {@code i}, or the string's length. */
    private static int closingQuote(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i;
            } else {
                i++;
            }
        }
        return n;
    }

    private static boolean hasEscape(String s, int from, int to) {
        int backslash = s.indexOf('\\', from);
        return backslash >= 0 && backslash < to;
    }

    private static String unquote(String s, int from, int to) {
        if (!hasEscape(s, from, to)) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char e = s.charAt(++i);
                out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAny(String s, int from, int to, String[] keys) {
        for (String key : keys) {
            if (key.length() == to - from && s.regionMatches(true, from, key, 0, key.length())) {
                return true;
            }
        }
        return false;
    }

    /** A multi-line message is known by its first line; the rest belongs to the event's text. */
    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
