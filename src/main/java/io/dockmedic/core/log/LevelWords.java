package io.dockmedic.core.log;

import java.util.stream.IntStream;

/** The words logging libraries use for levels, and where each may stand alone. */
final class LevelWords {

    /** May stand alone after a header, or at the start of a line in capitals. */
    private static final int ANYWHERE = 0;
    /** Only with a colon after it (PostgreSQL LOG:, JUL CONFIG:, .NET fail:), or in brackets. */
    private static final int COLON = 1;
    /** Only inside brackets (MySQL [System]). */
    private static final int BRACKET = 2;

    private static final String[] WORDS = {
        "TRACE", "TRC", "TRCE", "FINEST", "FINER",
        "DEBUG", "DBG", "DBUG", "FINE", "VERBOSE", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5",
        "INFO", "INF", "INFORMATION", "INFORMATIONAL", "LOG", "CONFIG",
        "NOTICE", "SYSTEM",
        "WARN", "WARNING", "WRN",
        "ERROR", "ERR", "EROR", "SEVERE", "FAIL",
        "FATAL", "FTL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC",
    };
    private static final Level[] LEVELS = {
        Level.TRACE, Level.TRACE, Level.TRACE, Level.TRACE, Level.TRACE,
        Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG,
        Level.DEBUG, Level.DEBUG,
        Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.INFO,
        Level.NOTICE, Level.NOTICE,
        Level.WARN, Level.WARN, Level.WARN,
        Level.ERROR, Level.ERROR, Level.ERROR, Level.ERROR, Level.ERROR,
        Level.FATAL, Level.FATAL, Level.FATAL, Level.FATAL, Level.FATAL, Level.FATAL, Level.FATAL, Level.FATAL,
    };
    private static final int[] PLACES = {
        ANYWHERE, ANYWHERE, COLON, ANYWHERE, ANYWHERE,
        ANYWHERE, ANYWHERE, COLON, ANYWHERE, ANYWHERE, COLON, COLON, COLON, COLON, COLON,
        ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, COLON, COLON,
        ANYWHERE, BRACKET,
        ANYWHERE, ANYWHERE, ANYWHERE,
        ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, COLON,
        ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE, ANYWHERE,
    };

    private LevelWords() {
    }

    /** The level a field value names (JSON "level", logfmt level=), in any case; null when none. */
    static Level ofValue(String s, int from, int to) {
        int index = lookup(s, from, to);
        return index < 0 ? null : LEVELS[index];
    }

    /**
     * The level of the word s[from, to) standing in a header, or null. {@code after} is the character
     * following the word; {@code inBracket} whether the word fills a bracket; {@code afterHeader} whether
     * a timestamp or bracket came before it on the line.
     */
    static Level inHeader(String s, int from, int to, char after, boolean inBracket, boolean afterHeader) {
        int index = lookup(s, from, to);
        if (index < 0) {
            return null;
        }
        int shape = caseShape(s, from, to);
        if (shape == MIXED) {
            return null;
        }
        if (inBracket) {
            return LEVELS[index];
        }
        if (PLACES[index] == BRACKET) {
            return null;
        }
        if (after == ':') {
            return LEVELS[index];
        }
        if (PLACES[index] == COLON) {
            return null;
        }
        boolean boundary = after == ' ' || after == '\t' || after == '\0' || after == '|' || after == ']';
        if (!boundary) {
            return null;
        }
        // At the very start of a line only capitals count: "Error connecting" is prose, "ERROR x" a header.
        return afterHeader || shape == UPPER ? LEVELS[index] : null;
    }

    /** Indices into WORDS by the word's first letter, so a lookup compares a handful of words at most. */
    private static final int[][] BY_LETTER = new int[26][];

    static {
        for (int letter = 0; letter < 26; letter++) {
            char first = (char) ('A' + letter);
            BY_LETTER[letter] = IntStream.range(0, WORDS.length)
                    .filter(index -> WORDS[index].charAt(0) == first).toArray();
        }
    }

    // Hand-rolled ASCII case folding: String.regionMatches(ignoreCase) dominated the profile.
    private static int lookup(String s, int from, int to) {
        int length = to - from;
        if (length < 3 || length > 13) {
            return -1;
        }
        int letter = (s.charAt(from) | 0x20) - 'a';
        if (letter < 0 || letter >= 26) {
            return -1;
        }
        for (int index : BY_LETTER[letter]) {
            String word = WORDS[index];
            if (word.length() == length && matchesFolded(s, from, word)) {
                return index;
            }
        }
        return -1;
    }

    private static boolean matchesFolded(String s, int from, String upperWord) {
        for (int k = 1; k < upperWord.length(); k++) {
            char c = s.charAt(from + k);
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != upperWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static final int UPPER = 0;
    private static final int LOWER = 1;
    private static final int CAPITALIZED = 2;
    private static final int MIXED = 3;

    private static int caseShape(String s, int from, int to) {
        boolean upper = true;
        boolean lower = true;
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                upper = false;
            } else if (c >= 'A' && c <= 'Z') {
                lower = false;
            }
        }
        boolean firstUpper = Tokens.isUpper(s.charAt(from));
        if (upper && firstUpper) {
            return UPPER;
        }
        if (lower) {
            return firstUpper ? CAPITALIZED : LOWER;
        }
        return MIXED;
    }
}
