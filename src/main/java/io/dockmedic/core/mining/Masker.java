package io.dockmedic.core.mining;

import java.util.Arrays;
import java.util.List;

/**
 * Masks the variable tokens of a log message with typed placeholders, in one pass without regex.
 *
 * <p>A message is split at whitespace, also inside quotes: a quoted string that holds words is message
 * text (klog's {@code "Failed to update lease"}, a request line {@code "GET /a HTTP/1.1"}), so its
 * words stay and what varies inside it is masked like anywhere else. A token is split at the delimiters {@code = : , ; ( ) [ ] { } < > " ' | @ #}; each piece that holds a
 * digit, or is an absolute path, is replaced by its type and the delimiters stay, so {@code rhost=10.0.0.1}
 * becomes {@code rhost=<IP>} and {@code (uid=0)} becomes {@code (uid=<NUM>)}. Whole tokens are checked
 * first for URLs, IPv6 addresses and times of day. Pieces with a digit but no recognised type become
 * {@code <*>}. See SPEC/template-mining.md for the table.
 */
public final class Masker {

    public static final String ANY = "<*>";
    public static final String NUM = "<NUM>";
    public static final String IP = "<IP>";
    public static final String UUID = "<UUID>";
    public static final String HEX = "<HEX>";
    public static final String PATH = "<PATH>";
    public static final String URL = "<URL>";
    public static final String DURATION = "<DURATION>";
    public static final String SIZE = "<SIZE>";
    public static final String TS = "<TS>";

    private final int maxTokens;
    private final int maxTokenChars;

    /** A masker with the bounds of the default miner settings. */
    public Masker() {
        this(MinerSettings.DEFAULT);
    }

    /** A masker that reads at most {@code settings.maxTokens()} tokens of a message. */
    public Masker(MinerSettings settings) {
        this.maxTokens = settings.maxTokens();
        this.maxTokenChars = settings.maxTokenChars();
    }

    /** The message with variable parts masked and whitespace runs collapsed to single spaces. */
    public String mask(String message) {
        MaskedLine line = new MaskedLine();
        maskInto(message, line);
        return line.toString();
    }

    /** The masked tokens of a message, at most {@code maxTokens}. */
    List<String> tokens(String message) {
        MaskedLine line = new MaskedLine();
        maskInto(message, line);
        return List.of(line.tokens());
    }

    /** Masks the message into {@code out}, which is reset first. */
    void maskInto(String raw, MaskedLine out) {
        String normalized = StructuredMessage.normalize(raw);
        int n = normalized.length();
        // scanned as a char array: no per-char coder and bounds checks of String.charAt
        char[] message = out.source(n);
        normalized.getChars(0, n, message, 0);
        maskChars(message, n, out);
    }

    /** Masks the message {@code message[0, n)} into {@code out}, which is reset first. */
    void maskInto(char[] message, int n, MaskedLine out) {
        if (StructuredMessage.mayRestructure(message, n)) {
            maskInto(new String(message, 0, n), out);
        } else {
            maskChars(message, n, out);
        }
    }

    private void maskChars(char[] message, int n, MaskedLine out) {
        out.reset();
        for (int i = 0; i < n; i = maskNext(message, i, n, out)) {
            // one token per call: the JIT compiles the per-token work once, as a method of its own, where a
            // loop over the chars here would also be compiled a second time for the frame running it (OSR)
        }
        if (out.dateWords) {
            collapseDates(out);
        }
    }

    /** Masks the token at or after {@code i} (after whitespace) into {@code out}; returns where the next may start. */
    private int maskNext(char[] message, int i, int n, MaskedLine out) {
        while (i < n && message[i] <= ' ' && isSpace(message[i])) {
            i++;
        }
        if (i == n) {
            return n;
        }
        if (out.count == maxTokens - 1) {
            out.begin();
            out.append(ANY);
            out.end(MaskedLine.ANY);
            return n;
        }
        // one scan finds the token's end and whether it holds digits or delimiters
        int end = i;
        int flags = 0;
        while (end < n) {
            char t = message[end];
            if (t < 128) {
                int f = CHAR_FLAGS[t];
                if (f == SPACE) {
                    break;
                }
                flags |= f;
            } else if (isSpace(t)) {
                break;
            }
            end++;
        }
        boolean afterNumber = out.count > 0 && out.kinds[out.count - 1] == MaskedLine.NUM;
        if (afterNumber || out.lastEndsWithNum()) {
            int unitEnd = trailingStart(message, i, end);
            byte unit = unitKind(message, i, unitEnd);
            if (unit != 0 && afterNumber) {
                // "5.2 KB", "30 seconds": a number and its unit are one value
                out.dropLast();
                out.begin();
                out.append(MaskedLine.PLACEHOLDERS[unit]);
                out.append(message, unitEnd, end);
                out.end(unitEnd == end ? unit : MaskedLine.MIXED);
                return end;
            }
            if (unit != 0) {
                // "(1.16 KB)", "<1 sec": the same value behind a delimiter
                out.joinUnitToLast(MaskedLine.PLACEHOLDERS[unit], message, unitEnd, end);
                out.dropRestatement();
                return end;
            }
        }
        out.begin();
        byte kind = maskToken(message, i, end, flags, out);
        out.end(kind);
        if (kind >= MaskedLine.ANY && out.count > 1 && out.kinds[out.count - 2] == kind) {
            out.dropLast(); // a run of values of one type is one list value: "delete blk_1 blk_2"
        } else if (kind == MaskedLine.MIXED && out.dropRestatement()) {
            // "1190 bytes (1.16 KB)": the same value again in other units is not another token
        } else if (kind == MaskedLine.CONSTANT && !out.dateWords && isDateWord(message, i, end)) {
            out.dateWords = true;
        }
        return end;
    }

    /**
     * Replaces runs like {@code Sat Jun <NUM> <TS> <NUM>} (a month or weekday name next to numbers or
     * times) by one {@code <TS>}: a date written out in the message is a value.
     */
    private static void collapseDates(MaskedLine line) {
        String[] tokens = line.tokens();
        byte[] kinds = Arrays.copyOf(line.kinds, line.count);
        line.reset();
        int k = 0;
        while (k < tokens.length) {
            int end = k;
            boolean named = false;
            boolean numeric = false;
            while (end < tokens.length) {
                String token = tokens[end];
                if (kinds[end] == MaskedLine.CONSTANT && isDateWord(token.toCharArray(), 0, token.length())) {
                    named = true;
                } else if (kinds[end] == MaskedLine.NUM || kinds[end] == MaskedLine.TS) {
                    numeric = true;
                } else {
                    break;
                }
                end++;
            }
            line.begin();
            if (named && numeric) {
                line.append(TS);
                line.end(MaskedLine.TS);
                k = end;
            } else {
                line.append(tokens[k]);
                line.end(kinds[k]);
                k++;
            }
        }
    }

    private static final Words DATE_WORDS = new Words("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Jan", "Feb", "Mar", "Apr", "May",
        "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "January", "February", "March", "April",
        "June", "July", "August", "September", "October", "November", "December");

    private static final Words DURATION_UNITS = new Words("ns", "us", "\u00b5s", "ms", "s", "sec", "secs", "second",
        "seconds", "m", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "d", "day", "days");

    private static final Words SIZE_UNITS = new Words("B", "b", "k", "K", "kB", "KB", "KiB", "M", "MB", "MiB", "G",
        "GB", "GiB", "T", "TB", "TiB", "bytes");

    private static boolean isDateWord(char[] s, int a, int b) {
        int n = b - a;
        return n >= 3 && n <= 9 && s[a] >= 'A' && s[a] <= 'Z' && DATE_WORDS.contains(s, a, b);
    }

    /** The placeholder kind of a unit word ({@code KB} gives SIZE, {@code ms} DURATION), else 0. */
    private static byte unitKind(char[] s, int a, int b) {
        int n = b - a;
        if (n == 0 || n > 7 || !isLetter(s[a])) {
            return 0;
        }
        if (DURATION_UNITS.contains(s, a, b)) {
            return MaskedLine.DURATION;
        }
        return SIZE_UNITS.contains(s, a, b) ? MaskedLine.SIZE : 0;
    }

    /**
     * A fixed set of short words of letters (and {@code µ}), looked up as one number: a word is read as
     * base-64 digits (1..53 per char, so no two words share one), found by binary search. Checked on every
     * capitalised word and after every number, so it must not compare strings one by one.
     */
    private static final class Words {
        private static final int MAX_CHARS = 10;
        private final long[] keys;

        Words(String... words) {
            keys = new long[words.length];
            for (int i = 0; i < words.length; i++) {
                keys[i] = key(words[i].toCharArray(), 0, words[i].length());
            }
            Arrays.sort(keys);
        }

        boolean contains(char[] s, int a, int b) {
            long key = key(s, a, b);
            return key >= 0 && Arrays.binarySearch(keys, key) >= 0;
        }

        /** The word's number, or -1 when it is too long or holds a char no word has. */
        private static long key(char[] s, int a, int b) {
            if (b - a > MAX_CHARS) {
                return -1;
            }
            long key = 0;
            for (int k = a; k < b; k++) {
                char c = s[k];
                int code;
                if (c >= 'a' && c <= 'z') {
                    code = c - 'a' + 1;
                } else if (c >= 'A' && c <= 'Z') {
                    code = c - 'A' + 27;
                } else if (c == '\u00b5') {
                    code = 53;
                } else {
                    return -1;
                }
                key = key << 6 | code;
            }
            return key;
        }
    }

    /** Writes the masked token {@code s[a, b)} and returns its kind. */
    private byte maskToken(char[] s, int a, int b, int flags, MaskedLine out) {
        boolean digit = (flags & DIGIT) != 0;
        boolean delimiter = (flags & DELIMITS) != 0;
        int lead = a;
        while (delimiter && lead < b - 1 && isOpening(s[lead])) {
            lead++; // a URL inside quotes or brackets: "https://..." or \"https://...\" in a quoted message
        }
        boolean url = delimiter && isUrl(s, lead, b); // before the length cap: a long URL keeps its quotes
        if (!url && b - a > maxTokenChars) {
            out.append(ANY);
            return MaskedLine.ANY;
        }
        if (!digit && !url && s[a] != '/') {
            out.append(s, a, b);
            return MaskedLine.CONSTANT;
        }
        if (url) {
            int end = urlEnd(s, lead, b);
            if (lead == a) {
                return placeholder(MaskedLine.URL, s, end, b, out);
            }
            out.append(s, a, lead);
            placeholder(MaskedLine.URL, s, end, b, out);
            return MaskedLine.MIXED;
        }
        if (digit && delimiter) {
            int eq = keyEnd(s, a, b);
            if (eq > 0) {
                // key=value: the value is read as a whole token, so ts=2026-12-02T10:00:00Z is one <TS>
                out.append(s, a, eq + 1);
                byte kind = maskToken(s, eq + 1, b, flagsOf(s, eq + 1, b), out);
                return kind == MaskedLine.CONSTANT ? MaskedLine.CONSTANT : MaskedLine.MIXED;
            }
        }
        if (digit) {
            int end = trailingStart(s, a, b);
            if (isTimeOfDay(s, a, end) || isIsoDateTime(s, a, end)) {
                return placeholder(MaskedLine.TS, s, end, b, out);
            }
            if (isIpv6(s, a, end)) {
                return placeholder(MaskedLine.IP, s, end, b, out);
            }
        }
        // Without delimiters the token is one piece, and its kind is the token's (a bare placeholder). One
        // call site for both cases: the JIT inlines all of the classification into it, once.
        boolean masked = false;
        int start = a;
        for (int k = delimiter ? a : b; ; k++) {
            boolean last = k == b;
            if (last || (s[k] < 128 && DELIMITER[s[k]])) {
                if (k > start) {
                    byte piece = maskPiece(s, start, k, out, !delimiter);
                    if (!delimiter) {
                        return piece;
                    }
                    masked |= piece != MaskedLine.CONSTANT;
                }
                if (last) {
                    return masked ? MaskedLine.MIXED : MaskedLine.CONSTANT;
                }
                out.append(s[k]);
                start = k + 1;
            }
        }
    }

    /** Writes a placeholder and the text after it; bare when nothing follows. */
    private static byte placeholder(byte kind, char[] s, int from, int to, MaskedLine out) {
        out.append(MaskedLine.PLACEHOLDERS[kind]);
        if (from == to) {
            return kind;
        }
        out.append(s, from, to);
        return MaskedLine.MIXED;
    }

    /**
     * Writes one delimiter-free piece, masked when it is a value; returns its kind ({@code whole}: the
     * piece is the whole token, so a bare placeholder keeps its own kind).
     */
    private byte maskPiece(char[] s, int a, int b, MaskedLine out, boolean whole) {
        int end = b;
        while (end > a + 1 && s[end - 1] == '.') {
            end--; // a sentence-ending full stop is not part of the value
        }
        byte type = classify(s, a, end);
        if (type == MaskedLine.CONSTANT) {
            out.append(s, a, b);
            return MaskedLine.CONSTANT;
        }
        byte kind = placeholder(type, s, end, b, out);
        return whole ? kind : MaskedLine.MIXED;
    }

    /** The placeholder kind of one delimiter-free piece, or CONSTANT when it is not a value. */
    private static byte classify(char[] s, int a, int b) {
        boolean digit = false;
        for (int k = a; k < b; k++) {
            char c = s[k];
            if (c >= '0' && c <= '9') {
                digit = true;
                break;
            }
        }
        if (s[a] == '/' && b - a > 1) {
            return MaskedLine.PATH;
        }
        if (!digit) {
            return MaskedLine.CONSTANT;
        }
        int numEnd = numberEnd(s, a, b);
        if (numEnd == b) {
            return MaskedLine.NUM;
        }
        if (numEnd > a) {
            byte unit = unitKind(s, numEnd, b);
            if (unit != 0) {
                return unit;
            }
        }
        if (isIpv4(s, a, b)) {
            return MaskedLine.IP;
        }
        if (isUuid(s, a, b)) {
            return MaskedLine.UUID;
        }
        if (isHex(s, a, b)) {
            return MaskedLine.HEX;
        }
        if (isDate(s, a, b)) {
            return MaskedLine.TS;
        }
        return MaskedLine.ANY;
    }

    /** End of a leading decimal number (sign, digits, fraction, exponent), or {@code a} if none. */
    private static int numberEnd(char[] s, int a, int b) {
        int k = a;
        if (k < b && (s[k] == '-' || s[k] == '+')) {
            k++;
        }
        int digits = k;
        while (k < b && isDigit(s[k])) {
            k++;
        }
        if (k == digits) {
            return a;
        }
        if (k + 1 < b && s[k] == '.' && isDigit(s[k + 1])) {
            k++;
            while (k < b && isDigit(s[k])) {
                k++;
            }
        }
        if (k + 1 < b && (s[k] == 'e' || s[k] == 'E')) {
            int e = k + 1;
            if (e < b && (s[e] == '-' || s[e] == '+')) {
                e++;
            }
            int expDigits = e;
            while (e < b && isDigit(s[e])) {
                e++;
            }
            if (e > expDigits && e == b) {
                k = e;
            }
        }
        return k;
    }

    private static boolean isIpv4(char[] s, int a, int b) {
        int groups = 0;
        int k = a;
        while (k < b) {
            int start = k;
            while (k < b && isDigit(s[k])) {
                k++;
            }
            if (k == start || k - start > 3) {
                return false;
            }
            groups++;
            if (k < b) {
                if (s[k] != '.' || groups == 4) {
                    return false;
                }
                k++;
                if (k == b) {
                    return false;
                }
            }
        }
        return groups == 4;
    }

    private static boolean isIpv6(char[] s, int a, int b) {
        int colons = 0;
        boolean doubleColon = false;
        for (int k = a; k < b; k++) {
            char c = s[k];
            if (c == ':') {
                colons++;
                if (k > a && s[k - 1] == ':') {
                    doubleColon = true;
                }
            } else if (!isHexDigit(c)) {
                return false;
            }
        }
        return colons == 7 || (doubleColon && colons >= 2);
    }

    private static boolean isTimeOfDay(char[] s, int a, int b) {
        // h:mm or hh:mm:ss with an optional fraction: 9:05, 18:01:47,978, 18:01:47.978
        int k = a;
        int groups = 0;
        while (true) {
            int start = k;
            while (k < b && isDigit(s[k])) {
                k++;
            }
            int len = k - start;
            if (len == 0 || len > 2 || (groups > 0 && len != 2)) {
                return false;
            }
            groups++;
            if (k == b) {
                return groups >= 2;
            }
            char c = s[k];
            if (c == ':' && groups < 3) {
                k++;
            } else if ((c == '.' || c == ',') && groups == 3) {
                k++;
                int frac = k;
                while (k < b && isDigit(s[k])) {
                    k++;
                }
                return k == b && k > frac;
            } else {
                return false;
            }
        }
    }

    /** An ISO 8601 date and time in one token: 2026-12-02T10:00:00Z, 2026-12-02T10:00:00.123+01:00. */
    private static boolean isIsoDateTime(char[] s, int a, int b) {
        if (b - a < 16 || s[a + 10] != 'T' || !isDate(s, a, a + 10) || s[a + 4] != '-') {
            return false;
        }
        int end = b;
        char last = s[end - 1];
        if (last == 'Z') {
            end--;
        } else if (end - a > 25 && (s[end - 6] == '+' || s[end - 6] == '-')) {
            end -= 6; // +01:00
        }
        return isTimeOfDay(s, a + 11, end);
    }

    /** Index of the '=' after a leading key (letters, digits, '_', '.', '-'), when a value follows; else -1. */
    private static int keyEnd(char[] s, int a, int b) {
        for (int k = a; k < b - 1; k++) {
            char c = s[k];
            if (c == '=') {
                return k > a ? k : -1;
            }
            if (c < 128 ? (CHAR_FLAGS[c] & KEY) == 0 : !Character.isLetterOrDigit(c)) {
                return -1;
            }
        }
        return -1;
    }

    private static int flagsOf(char[] s, int a, int b) {
        int flags = 0;
        for (int k = a; k < b; k++) {
            char c = s[k];
            flags |= c < 128 ? CHAR_FLAGS[c] : 0;
        }
        return flags;
    }

    private static boolean isUuid(char[] s, int a, int b) {
        if (b - a != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            char c = s[a + k];
            boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
            if (dash ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char[] s, int a, int b) {
        int k = a;
        if (b - a > 2 && s[a] == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X')) {
            k = a + 2;
        }
        for (; k < b; k++) {
            if (!isHexDigit(s[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDate(char[] s, int a, int b) {
        // 2015-10-18, 17/06/09, 2015.10.18, 20171223-22:15:29 is left to <*>
        int groups = 0;
        char separator = 0;
        int k = a;
        while (k < b) {
            int start = k;
            while (k < b && isDigit(s[k])) {
                k++;
            }
            if (k == start || k - start > 4) {
                return false;
            }
            groups++;
            if (k < b) {
                char c = s[k];
                if (c != '-' && c != '/' && c != '.') {
                    return false;
                }
                if (separator != 0 && c != separator) {
                    return false;
                }
                separator = c;
                k++;
            }
        }
        return groups == 3;
    }

    /** A scheme of letters, digits, '+', '.' or '-' followed by "://". */
    private static boolean isUrl(char[] s, int a, int b) {
        for (int k = a; k + 2 < b; k++) {
            char c = s[k];
            if (c == ':') {
                return k > a && s[k + 1] == '/' && s[k + 2] == '/';
            }
            if (c < 128 ? (CHAR_FLAGS[c] & SCHEME) == 0 : !Character.isLetterOrDigit(c)) {
                return false;
            }
        }
        return false;
    }

    private static boolean isOpening(char c) {
        return c < 128 && (CHAR_FLAGS[c] & OPENING) != 0;
    }

    /** End of a URL starting at {@code a}: before a quote, backslash or '>' that closes it, else its trailing punctuation. */
    private static int urlEnd(char[] s, int a, int b) {
        for (int k = a; k < b; k++) {
            char c = s[k];
            if (c == '"' || c == '\'' || c == '\\' || c == '>') {
                return k;
            }
        }
        return trailingStart(s, a, b);
    }

    /** Start of the trailing punctuation of {@code s[a, b)}, keeping at least one char. */
    private static int trailingStart(char[] s, int a, int b) {
        int end = b;
        while (end > a + 1 && isTrailingPunctuation(s[end - 1])) {
            end--;
        }
        return end;
    }

    private static boolean isTrailingPunctuation(char c) {
        return c < 128 && (CHAR_FLAGS[c] & TRAILING) != 0;
    }

    private static final boolean[] DELIMITER = new boolean[128];
    private static final int DIGIT = 1;
    private static final int DELIMITS = 2;
    private static final int SPACE = 4;
    private static final int LETTER = 8;
    private static final int HEX_DIGIT = 16;
    private static final int TRAILING = 32;
    private static final int OPENING = 64;
    /** A letter, digit, '+', '.' or '-': a char of a URL's scheme. */
    private static final int SCHEME = 128;
    /** A letter, digit, '_', '.' or '-': a char of a key before '='. */
    private static final int KEY = 256;
    /**
     * Per ASCII char, its classes: DIGIT, DELIMITS and SPACE for the one scan over a token (a space has no
     * other class), the others for the checks on a token. One table lookup, not a chain of comparisons:
     * fewer branches whose direction depends on the log at hand, whose first lines the JIT compiles for.
     */
    private static final int[] CHAR_FLAGS = new int[128];

    static {
        for (char c : "=:,;()[]{}<>\"'|@#".toCharArray()) {
            DELIMITER[c] = true;
            CHAR_FLAGS[c] = DELIMITS;
        }
        for (char c = '0'; c <= '9'; c++) {
            CHAR_FLAGS[c] = DIGIT;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CHAR_FLAGS[c] = LETTER;
            CHAR_FLAGS[Character.toUpperCase(c)] = LETTER;
        }
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
            CHAR_FLAGS[c] = SPACE;
        }
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            CHAR_FLAGS[c] |= HEX_DIGIT;
        }
        for (char c : ",.;:)]}\"'".toCharArray()) {
            CHAR_FLAGS[c] |= TRAILING;
        }
        for (char c : "\"'\\([<".toCharArray()) {
            CHAR_FLAGS[c] |= OPENING;
        }
        for (char c = 0; c < 128; c++) {
            if ((CHAR_FLAGS[c] & (LETTER | DIGIT)) != 0 || c == '.' || c == '-') {
                CHAR_FLAGS[c] |= SCHEME | KEY;
            }
        }
        CHAR_FLAGS['+'] |= SCHEME;
        CHAR_FLAGS['_'] |= KEY;
    }

    private static boolean isSpace(char c) {
        return c < 128 && CHAR_FLAGS[c] == SPACE;
    }

    /** {@link Character#isLetter}, without its table lookups for ASCII. */
    private static boolean isLetter(char c) {
        return c < 128 ? (CHAR_FLAGS[c] & LETTER) != 0 : Character.isLetter(c);
    }

    private static boolean isDigit(char c) {
        return (char) (c - '0') <= 9; // one unsigned comparison
    }

    private static boolean isHexDigit(char c) {
        return c < 128 && (CHAR_FLAGS[c] & HEX_DIGIT) != 0;
    }
}
