package io.dockmedic.core.log;

/**
 * Finds PostgreSQL's message keywords after its log_line_prefix: the severity that opens a message
 * ({@code LOG:  }, {@code ERROR:  }, ...) and the keywords of its continuation lines ({@code DETAIL:  },
 * {@code HINT:  }, {@code STATEMENT:  }, ...). PostgreSQL writes two spaces after each keyword.
 */
final class PostgresLines {

    private static final String[] SEVERITIES = {
        "LOG", "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "INFO", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5",
    };
    private static final String[] CONTINUATIONS = {"DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY", "LOCATION"};
    /** The prefix (timestamp, pid, user@db, ...) is short; past this the keyword would be message text. */
    private static final int PREFIX_LIMIT = 200;

    private PostgresLines() {
    }

    /** Index of the severity keyword that opens a PostgreSQL message, or -1. */
    static int levelAt(String text) {
        return keywordAt(text, SEVERITIES);
    }

    /** Index of a continuation keyword (DETAIL, HINT, STATEMENT, CONTEXT, QUERY, LOCATION), or -1. */
    static int continuationAt(String text) {
        return keywordAt(text, CONTINUATIONS);
    }

    /** The process id in the last bracket before {@code keyword} ("[123]", "[123-1]"), or null. */
    static String pidBefore(String text, int keyword) {
        int open = text.lastIndexOf('[', keyword);
        if (open < 0) {
            return null;
        }
        int end = Tokens.digitsEnd(text, open + 1);
        return end > open + 1 ? text.substring(open + 1, end) : null;
    }

    private static int keywordAt(String text, String[] keywords) {
        // One search for the two blanks PostgreSQL writes after a keyword: timestamps, JSON and logfmt have
        // many colons but rarely this.
        int colon = text.indexOf(":  ");
        if (colon < 0 || colon >= PREFIX_LIMIT) {
            return -1;
        }
        int start = colon;
        while (start > 0 && (Tokens.isUpper(text.charAt(start - 1)) || Tokens.isDigit(text.charAt(start - 1)))) {
            start--;
        }
        if (start > 0 && text.charAt(start - 1) != ' ') {
            return -1;
        }
        for (String keyword : keywords) {
            if (keyword.length() == colon - start && text.startsWith(keyword, start)) {
                return start;
            }
        }
        return -1;
    }
}
