package io.dockmedic.core.log;

/**
 * Reads access-log lines in the common and combined formats (nginx, Apache, many proxies):
 * {@code 10.0.0.1 - user [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.0"}.
 *
 * <p>They state no level. A served request is routine, so statuses below 500 read as INFO; 5xx lines read
 * as UNKNOWN so the rules judge them like any line whose writer did not say.
 */
final class AccessLog {

    private AccessLog() {
    }

    /** The parsed line, or null when the line is not an access-log line. */
    static ParsedLine parse(String s, int i) {
        int client = s.indexOf(' ', i);
        if (client < 0 || client - i > 45 || !s.startsWith(" - ", client) && !s.startsWith(" -- ", client)) {
            return null;
        }
        int open = s.indexOf(" [", client);
        if (open < 0 || open - client > 80) {
            return null;
        }
        int close = s.indexOf("] \"", open);
        if (close < 0 || close - open > 40) {
            return null;
        }
        int requestEnd = s.indexOf("\" ", close + 3);
        if (requestEnd < 0) {
            return null;
        }
        int status = requestEnd + 2;
        if (!Tokens.digitsAt(s, status, 3) || Tokens.isDigit(Tokens.charAt(s, status + 3))) {
            return null;
        }
        Level level = s.charAt(status) == '5' ? Level.UNKNOWN : Level.INFO;
        return ParsedLine.at(level, s, close + 2);
    }
}
