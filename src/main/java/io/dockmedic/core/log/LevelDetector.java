package io.dockmedic.core.log;

/**
 * Reads the level a log line states where logging formats put it (after the timestamp, in brackets,
 * {@code level=}, a JSON field, klog's first letter, Redis markers, syslog priorities, ...) and strips the
 * line's header so that the message is the message proper.
 *
 * <p>Only the header is read: a level word inside the message ({@code errors=0}, {@code failed=0}) is
 * never a level. Stateless and thread-safe. Decisions are made with character checks, not regular
 * expressions, because every scanned line passes through here. See SPEC/levels-and-events.md.
 */
public final class LevelDetector {

    /** Characters of a line that are read; headers and JSON level fields come long before this. */
    static final int SCAN_LIMIT = 64 * 1024;
    /** Longest message returned; rules and fingerprints need its beginning, not megabytes. */
    static final int MAX_MESSAGE = 4096;
    /** Header tokens looked at before giving up on finding a level. */
    private static final int MAX_HEADER_TOKENS = 8;

    private static final ParsedLine EMPTY = new ParsedLine(Level.UNKNOWN, "");

    /** The line's level (UNKNOWN when its header states none) and its message without the header. */
    public ParsedLine parse(String text) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        return parseClean(LineSanitizer.clean(text, SCAN_LIMIT));
    }

    /** {@link #parse} for text already passed through {@link LineSanitizer#clean}: the assembler cleans once. */
    ParsedLine parseClean(String s) {
        int i = Tokens.skipBlanks(s, 0);
        if (i == s.length()) {
            return EMPTY;
        }
        char c = s.charAt(i);
        ParsedLine special = null;
        if (c == '{') {
            special = JsonLine.parse(s, i);
        } else if (c == '<') {
            special = syslogPriority(s, i);
        } else if (Tokens.isDigit(c)) {
            special = digitLed(s, i);
        } else if (c == 'I' || c == 'W' || c == 'E' || c == 'F' || c == 'D' || c == 'A') {
            special = Tokens.charAt(s, i + 1) == ',' ? rubyLogger(s, i) : klog(s, i);
        } else if (c == '*' && s.startsWith("*** ", i)) {
            special = banner(s, i);
        } else if (c == '=') {
            Level otp = RuntimeCrashes.otpReportLevel(s);
            special = otp == null || otp == Level.UNKNOWN ? null : new ParsedLine(otp, message(s, i + 1));
        }
        return special != null ? special : header(s, i);
    }

    /** Walks the header: timestamps, brackets, pids, then the level word; stops at the first prose. */
    static ParsedLine header(String s, int start) {
        int n = s.length();
        int i = start;
        boolean afterHeader = false;
        for (int token = 0; token < MAX_HEADER_TOKENS && i < n; token++) {
            char c = s.charAt(i);
            if (Tokens.isDigit(c)) {
                int end = Timestamps.end(s, i);
                if (end < 0 && afterHeader) {
                    end = pidEnd(s, i);
                }
                if (end < 0) {
                    break;
                }
                afterHeader = true;
                i = Tokens.skipSeparators(s, end);
            } else if (c == '[') {
                int close = Tokens.closingBracket(s, i);
                if (close < 0) {
                    break;
                }
                Level level = bracketLevel(s, i + 1, close);
                if (level != null) {
                    return leveled(s, level, afterLevel(s, close + 1));
                }
                afterHeader = true;
                i = Tokens.skipSeparators(s, close + 1);
            } else if (Tokens.isLetter(c)) {
                int end = Tokens.wordEnd(s, i);
                char after = Tokens.charAt(s, end);
                Level level = LevelWords.inHeader(s, i, end, after, false, afterHeader);
                if (level != null) {
                    return leveled(s, level, afterLevel(s, levelSuffixEnd(s, end)));
                }
                int keyEnd = Tokens.keyEnd(s, i);
                if (Tokens.charAt(s, keyEnd) == '=' && keyEnd > i) {
                    return Logfmt.parse(s, i);
                }
                if (!afterHeader) {
                    int stamp = Timestamps.monthFirstEnd(s, i);
                    if (stamp > 0) {
                        afterHeader = true;
                        i = skipSyslogSource(s, Tokens.skipBlanks(s, stamp));
                        continue;
                    }
                    break;
                }
                // One more header token may precede a level that is clearly marked as such:
                // "- app.db - ERROR - ", "user@db ERROR:  ", or a caller such as "main.go:42:".
                int tokenEnd = Tokens.tokenEnd(s, i);
                if (Tokens.isCaller(s, i, tokenEnd)) {
                    i = Tokens.skipSeparators(s, tokenEnd);
                    continue;
                }
                int next = Tokens.skipSeparators(s, tokenEnd);
                int nextEnd = Tokens.wordEnd(s, next);
                char nextAfter = Tokens.charAt(s, nextEnd);
                Level marked = strongSuffix(s, nextEnd)
                        ? LevelWords.inHeader(s, next, nextEnd, nextAfter, false, true) : null;
                if (marked != null && next > tokenEnd) {
                    return leveled(s, marked, afterLevel(s, levelSuffixEnd(s, nextEnd)));
                }
                break;
            } else {
                break;
            }
        }
        return new ParsedLine(Level.UNKNOWN, message(s, i));
    }

    private static ParsedLine leveled(String s, Level level, int messageStart) {
        return ParsedLine.at(level, s, messageStart);
    }

    /** The text from {@code i}, trimmed and capped. */
    static String message(String s, int i) {
        int n = s.length();
        int start = Math.min(Tokens.skipBlanks(s, i), n);
        int end = n;
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return cap(s, start, end);
    }

    static String cap(String s, int start, int end) {
        if (end - start <= MAX_MESSAGE) {
            return start == 0 && end == s.length() ? s : s.substring(start, end);
        }
        int cut = start + MAX_MESSAGE;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(start, cut) + " …[+" + (end - cut) + " chars]";
    }

    /**
     * A level in a bracket: "[ERROR]", "[warn ]", "[10:00:00 INF]", "[ts: ERROR/MainProcess]", Apache
     * httpd's "[proxy:error]". Each word separated by blanks, ':' or '/' is tried whole.
     */
    private static Level bracketLevel(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ':') {
                i++;
                continue;
            }
            int end = i;
            while (end < to && Tokens.isLetter(s.charAt(end))) {
                end++;
            }
            while (end < to && Tokens.isDigit(s.charAt(end))) {
                end++; // DEBUG1
            }
            char after = end < to ? s.charAt(end) : ']';
            if (end > i && (after == ']' || after == ' ' || after == '/' || after == ':')) {
                Level level = LevelWords.inHeader(s, i, end, ']', true, true);
                if (level != null) {
                    return level;
                }
            }
            while (end < to && s.charAt(end) != ' ' && s.charAt(end) != ':') {
                end++;
            }
            i = end;
        }
        return null;
    }

    /** After a level word: "ERROR:  msg" (PostgreSQL), "ERROR:root:msg" (Python), "ERROR msg". */
    private static int levelSuffixEnd(String s, int end) {
        if (Tokens.charAt(s, end) != ':') {
            return end;
        }
        int i = end + 1;
        int limit = Math.min(s.length(), i + 120);
        int j = i;
        while (j < limit && s.charAt(j) != ':' && s.charAt(j) != ' ') {
            j++;
        }
        if (j > i && j < limit && s.charAt(j) == ':') {
            return j + 1; // Python's default "LEVEL:logger:message"
        }
        return i;
    }

    /** Whether a level word ending at {@code end} is marked as one by what follows it. */
    private static boolean strongSuffix(String s, int end) {
        char c = Tokens.charAt(s, end);
        if (c == ':' || c == '\t' || c == '|' || c == ']') {
            return true;
        }
        return c == ' ' && Tokens.charAt(s, end + 1) == '-' && Tokens.charAt(s, end + 2) == ' ';
    }

    /**
     * Skips what follows a level before the message: Spring's "1 --- [main] c.e.Foo : ", logback's
     * "[main] c.e.Foo - ", nginx's "1#1: *5 ", klog or zap callers, RabbitMQ's "&lt;0.1.0&gt;", JBoss and
     * Quarkus's "(executor-thread-1)".
     */
    static int afterLevel(String s, int i) {
        int n = s.length();
        for (int token = 0; token < MAX_HEADER_TOKENS && i < n; token++) {
            i = Tokens.skipSeparators(s, i);
            char c = Tokens.charAt(s, i);
            if (c == '[' || c == '<' || c == '(') { // thread, module or Erlang pid: "(executor-thread-1)"
                int close = Tokens.closingBracket(s, i);
                if (close < 0 || c == '(' && close + 1 < n && s.charAt(close + 1) != ' ') {
                    break; // "(111)Connection refused" is message text
                }
                i = close + 1;
                continue;
            }
            if (Tokens.isDigit(c)) {
                int end = Tokens.digitsEnd(s, i);
                if (Tokens.charAt(s, end) == '#' && Tokens.isDigit(Tokens.charAt(s, end + 1))) {
                    end = Tokens.digitsEnd(s, end + 1);
                    if (Tokens.charAt(s, end) == ':') {
                        i = end + 1; // nginx pid#tid:
                        continue;
                    }
                }
                if (s.startsWith(" ---", end)) {
                    i = end + 4; // Spring Boot's pid
                    continue;
                }
                break;
            }
            if (c == '*' && Tokens.isDigit(Tokens.charAt(s, i + 1))) {
                int end = Tokens.digitsEnd(s, i + 1);
                if (Tokens.charAt(s, end) == ' ') {
                    i = end; // nginx connection number
                    continue;
                }
                break;
            }
            int end = Tokens.tokenEnd(s, i);
            if (end == i) {
                break;
            }
            if (Tokens.isCaller(s, i, end)) {
                i = end;
                continue;
            }
            if (end - i == 2 && s.startsWith("in ", i)) { // Flask: "ERROR in app: message"
                int next = Tokens.tokenEnd(s, end + 1);
                if (next > end + 1 && s.charAt(next - 1) == ':') {
                    return next;
                }
                break;
            }
            int loggerEnd = loggerEnd(s, i, end);
            if (loggerEnd > 0) {
                return loggerEnd;
            }
            break;
        }
        return i;
    }

    /**
     * When s[i, end) is a logger name followed by its separator, the index after the separator; else -1.
     * A name counts when it looks like one (dots, "::", '/', '$') or Spring pads it before " : ".
     */
    private static int loggerEnd(String s, int i, int end) {
        boolean ownColon = s.charAt(end - 1) == ':';
        int nameEnd = ownColon ? end - 1 : end;
        boolean named = false;
        for (int k = i; k < nameEnd; k++) {
            char c = s.charAt(k);
            if (c == '.' && k + 1 < nameEnd || c == '/' || c == '$' || c == ':' && Tokens.charAt(s, k + 1) == ':') {
                named = true;
                break;
            }
        }
        if (ownColon) {
            return named && (end == s.length() || s.charAt(end) == ' ') ? end : -1;
        }
        int j = end;
        while (j < s.length() && s.charAt(j) == ' ') {
            j++;
        }
        char sep = Tokens.charAt(s, j);
        boolean spaced = j > end;
        if (sep == ':' && spaced && (Tokens.charAt(s, j + 1) == ' ' || j + 1 == s.length())) {
            return j + 1; // Spring Boot pads the logger and writes " : "
        }
        if (!named) {
            return -1;
        }
        if (sep == ':' && (Tokens.charAt(s, j + 1) == ' ' || j + 1 == s.length())) {
            return j + 1;
        }
        if (spaced && sep == '-' && (Tokens.charAt(s, j + 1) == ' ' || j + 1 == s.length())) {
            return j + 1;
        }
        return -1;
    }

    /** A process id after a timestamp (MySQL's thread id, "2024-.. 0 [Warning]"). */
    private static int pidEnd(String s, int i) {
        int end = Tokens.digitsEnd(s, i);
        char after = Tokens.charAt(s, end);
        return end - i <= 10 && (after == ' ' || after == '\t') ? end : -1;
    }

    /** After a classic syslog timestamp: "host tag[pid]: " or "tag: ". */
    private static int skipSyslogSource(String s, int i) {
        int first = Tokens.tokenEnd(s, i);
        if (first > i && s.charAt(first - 1) == ':') {
            return Tokens.skipBlanks(s, first);
        }
        int second = Tokens.tokenEnd(s, Tokens.skipBlanks(s, first));
        if (second > first + 1 && s.charAt(second - 1) == ':') {
            return Tokens.skipBlanks(s, second);
        }
        return i;
    }

    /** "&lt;N&gt;" syslog priority: its severity is the level; RFC 5424 and 3164 headers are stripped. */
    private static ParsedLine syslogPriority(String s, int i) {
        int end = Tokens.digitsEnd(s, i + 1);
        if (end == i + 1 || end - i > 4 || Tokens.charAt(s, end) != '>') {
            return null;
        }
        int priority = Integer.parseInt(s, i + 1, end, 10);
        if (priority > 191) {
            return null;
        }
        Level level = switch (priority & 7) {
            case 0, 1, 2 -> Level.FATAL;
            case 3 -> Level.ERROR;
            case 4 -> Level.WARN;
            case 5 -> Level.NOTICE;
            case 6 -> Level.INFO;
            default -> Level.DEBUG;
        };
        int j = end + 1;
        if (Tokens.charAt(s, j) == '1' && Tokens.charAt(s, j + 1) == ' ') { // RFC 5424
            j += 2;
            for (int field = 0; field < 5; field++) { // timestamp host app procid msgid
                j = Tokens.skipBlanks(s, Tokens.tokenEnd(s, j));
            }
            while (Tokens.charAt(s, j) == '[') { // structured data
                int close = Tokens.closingBracket(s, j);
                j = close < 0 ? s.length() : close + 1;
            }
            if (Tokens.charAt(s, j) == '-' && Tokens.charAt(s, j + 1) == ' ') {
                j += 2;
            }
            if (Tokens.charAt(s, j) == '\uFEFF') {
                j++;
            }
            return new ParsedLine(level, message(s, j));
        }
        return new ParsedLine(level, header(s, j).message());
    }

    /** Redis ("1:M 27 Nov 2026 10:00:00.123 # msg") and access logs ("10.0.0.1 - - [..] \"GET ..\" 200"). */
    private static ParsedLine digitLed(String s, int i) {
        int end = Tokens.digitsEnd(s, i);
        char after = Tokens.charAt(s, end);
        if (after == ':' && "MSCX".indexOf(Tokens.charAt(s, end + 1)) >= 0 && Tokens.charAt(s, end + 2) == ' ') {
            return redis(s, end + 3);
        }
        if (after == ':' && s.startsWith(":signal-handler (", end)) {
            // Redis logs from its signal handler without a marker: received SIGTERM/SIGINT, routine stops.
            int close = s.indexOf(") ", end);
            return close < 0 ? null : new ParsedLine(Level.NOTICE, message(s, close + 2));
        }
        if (after == '.' || after == ':') {
            return AccessLog.parse(s, i);
        }
        return null;
    }

    private static ParsedLine redis(String s, int i) {
        int stamp = Timestamps.end(s, i);
        if (stamp < 0 || Tokens.charAt(s, stamp) != ' ' || Tokens.charAt(s, stamp + 2) != ' ') {
            return null;
        }
        Level level = switch (s.charAt(stamp + 1)) {
            case '.', '-' -> Level.DEBUG;
            case '*' -> Level.NOTICE;
            case '#' -> Level.WARN;
            default -> null;
        };
        return level == null ? null : new ParsedLine(level, message(s, stamp + 3));
    }

    /** "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***": a banner whose first word may be a level. */
    private static ParsedLine banner(String s, int i) {
        int start = Tokens.skipBlanks(s, i + 3);
        int end = s.length();
        if (s.endsWith(" ***")) {
            end -= 4;
        }
        if (end <= start) {
            return null;
        }
        int wordEnd = Tokens.wordEnd(s, start);
        Level level = LevelWords.inHeader(s, start, wordEnd, Tokens.charAt(s, wordEnd), false, false);
        return new ParsedLine(level == null ? Level.UNKNOWN : level, message(s.substring(0, end), start));
    }

    /** Ruby's Logger: "E, [2026-12-02T21:00:25.749179 #1] ERROR -- progname: msg" (the letter is the level). */
    private static ParsedLine rubyLogger(String s, int i) {
        if (!s.startsWith(", [", i + 1)) {
            return null;
        }
        int close = Tokens.closingBracket(s, i + 3);
        if (close < 0) {
            return null;
        }
        int dashes = s.indexOf(" -- ", close);
        if (dashes < 0 || dashes - close > 12) {
            return null;
        }
        Level level = switch (s.charAt(i)) {
            case 'D' -> Level.DEBUG;
            case 'I' -> Level.INFO;
            case 'W' -> Level.WARN;
            case 'E' -> Level.ERROR;
            case 'F' -> Level.FATAL;
            default -> Level.UNKNOWN; // "A": Logger's ANY
        };
        int j = dashes + 4;
        int colon = s.indexOf(": ", j);
        int space = s.indexOf(' ', j);
        if (colon >= j && (space < 0 || space > colon)) {
            j = colon + 2; // the progname
        } else if (s.startsWith(":", j)) {
            j++;
        }
        return new ParsedLine(level, message(s, j));
    }

    /** klog: "E1127 10:00:00.000000    1 file.go:12] msg". */
    private static ParsedLine klog(String s, int i) {
        if (!Tokens.digitsAt(s, i + 1, 4) || Tokens.charAt(s, i + 5) != ' ') {
            return null;
        }
        int time = Timestamps.end(s, i + 6);
        if (time < 0) {
            return null;
        }
        Level level = switch (s.charAt(i)) {
            case 'I' -> Level.INFO;
            case 'W' -> Level.WARN;
            case 'E' -> Level.ERROR;
            default -> Level.FATAL;
        };
        int j = Tokens.skipBlanks(s, time);
        j = Tokens.skipBlanks(s, Tokens.digitsEnd(s, j));
        int close = s.indexOf("] ", j);
        if (close > j && close - j < 200) {
            j = close + 2;
        }
        return new ParsedLine(level, message(s, j));
    }
}
