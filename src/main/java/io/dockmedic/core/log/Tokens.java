package io.dockmedic.core.log;

/** Character-level reading of log text: the small steps the level and header parsers are made of. */
final class Tokens {

    /** Longest bracket a header holds; a longer one is message text. */
    private static final int MAX_BRACKET = 120;

    private Tokens() {
    }

    /** The character at {@code i}, or NUL past the end, so callers can look ahead without bounds checks. */
    static char charAt(String s, int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : '\0';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean digitsAt(String s, int i, int count) {
        if (i < 0 || i + count > s.length()) {
            return false;
        }
        for (int k = i; k < i + count; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    static int digitsEnd(String s, int i) {
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Skips blanks and the separators headers put between fields: "|", and ":", "-", "---" standing alone. */
    static int skipSeparators(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '|') {
                i++;
            } else if (c == ':' || c == '-') {
                int j = i;
                while (j < n && s.charAt(j) == c) {
                    j++;
                }
                if (j - i > 3 || j < n && s.charAt(j) != ' ' && s.charAt(j) != '\t') {
                    return i;
                }
                i = j;
            } else {
                return i;
            }
        }
        return i;
    }

    /** End of a word of letters then digits ("ERROR", "DEBUG1"). */
    static int wordEnd(String s, int i) {
        int n = s.length();
        while (i < n && isLetter(s.charAt(i))) {
            i++;
        }
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** End of a logfmt key ("level", "log.level", "time_ms"). */
    static int keyEnd(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '-' || c == '@') {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** End of a run of non-blank characters. */
    static int tokenEnd(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /** Index of the bracket closing the one at {@code open} ("[" or "&lt;"), nested ones included; -1 if none near. */
    static int closingBracket(String s, int open) {
        char opening = s.charAt(open);
        char closing = opening == '[' ? ']' : opening == '<' ? '>' : ')';
        int limit = Math.min(s.length(), open + MAX_BRACKET);
        int depth = 0;
        for (int i = open; i < limit; i++) {
            char c = s.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether s[i, end) is a source location such as "main.go:42", "file.go:12]" or "app.py:7:". */
    static boolean isCaller(String s, int i, int end) {
        int k = end;
        char last = charAt(s, k - 1);
        if (last == ':' || last == ']') {
            k--;
        }
        int digits = k;
        while (digits > i && isDigit(s.charAt(digits - 1))) {
            digits--;
        }
        if (digits == k || digits - 1 <= i || s.charAt(digits - 1) != ':') {
            return false;
        }
        int dot = s.lastIndexOf('.', digits - 2);
        return dot > i && dot < digits - 2;
    }
}
