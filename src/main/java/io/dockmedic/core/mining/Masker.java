package io.dockmedic.core.mining;

import java.util.ArrayList;
import java.util.List;

/**
 * Masks the variable tokens of a log message with typed placeholders, in one pass without regex.
 *
 * <p>A message is split at whitespace. A token that starts with a quote and ends (up to trailing
 * punctuation) with the same quote, possibly several words later, becomes {@code <QUOTED>}. Any other
 * token is split at the delimiters {@code = : , ; ( ) [ ] { } < > " ' | @ #}; each piece that holds a
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
    public static final String QUOTED = "<QUOTED>";

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
        return String.join(" ", tokens(message));
    }

    /** The masked tokens of a message, at most {@code maxTokens}. */
    List<String> tokens(String message) {
        List<String> out = new ArrayList<>();
        int n = message.length();
        int i = 0;
        boolean dateWords = false;
        while (i < n) {
            char c = message.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (out.size() == maxTokens - 1) {
                out.add(ANY);
                break;
            }
            if (c == '"' || c == '\'') {
                int end = quotedEnd(message, i, c);
                if (end > 0 && hasSpace(message, i, end)) {
                    int close = end;
                    while (message.charAt(close - 1) != c) {
                        close--;
                    }
                    out.add(close == end ? QUOTED : QUOTED + message.substring(close, end));
                    i = end;
                    continue;
                }
            }
            int end = i + 1;
            while (end < n && !isSpace(message.charAt(end))) {
                end++;
            }
            String last = out.isEmpty() ? null : out.get(out.size() - 1);
            String unit = last == NUM ? unitOf(message, i, end) : null;
            if (unit != null) {
                // "5.2 KB", "30 seconds": a number and its unit are one value
                out.set(out.size() - 1, withSuffix(unit, message, end - trailing(message, i, end).length(), end));
                i = end;
                continue;
            }
            String token = maskToken(message, i, end);
            if (!(isPlaceholder(token) && last == token)) {
                out.add(token); // a run of values of one type is one list value: "delete blk_1 blk_2"
            }
            dateWords |= token.length() >= 3 && isDateWord(token);
            i = end;
        }
        if (dateWords) {
            collapseDates(out);
        }
        return out;
    }

    /**
     * Replaces runs like {@code Sat Jun <NUM> <TS> <NUM>} (a month or weekday name next to numbers or
     * times) by one {@code <TS>}: a date written out in the message is a value.
     */
    private static void collapseDates(List<String> tokens) {
        int k = 0;
        while (k < tokens.size()) {
            int end = k;
            boolean named = false;
            boolean numeric = false;
            while (end < tokens.size()) {
                String t = tokens.get(end);
                if (isDateWord(t)) {
                    named = true;
                } else if (t == NUM || t == TS) {
                    numeric = true;
                } else {
                    break;
                }
                end++;
            }
            if (named && numeric) {
                tokens.subList(k + 1, end).clear();
                tokens.set(k, TS);
            }
            k++;
        }
    }

    private static boolean isDateWord(String token) {
        switch (token) {
            case "Mon": case "Tue": case "Wed": case "Thu": case "Fri": case "Sat": case "Sun":
            case "Monday": case "Tuesday": case "Wednesday": case "Thursday": case "Friday": case "Saturday":
            case "Sunday": case "Jan": case "Feb": case "Mar": case "Apr": case "May": case "Jun": case "Jul":
            case "Aug": case "Sep": case "Sept": case "Oct": case "Nov": case "Dec": case "January":
            case "February": case "March": case "April": case "June": case "July": case "August":
            case "September": case "October": case "November": case "December":
                return true;
            default:
                return false;
        }
    }

    /** The typed placeholder for a unit word following a number ({@code KB,} gives SIZE), else null. */
    private static String unitOf(String s, int a, int b) {
        int end = b - trailing(s, a, b).length();
        String word = s.substring(a, end);
        if (isDurationUnit(word)) {
            return DURATION;
        }
        return isSizeUnit(word) ? SIZE : null;
    }

    /** The placeholder itself (so it compares by identity) when nothing follows it in the token. */
    private static String withSuffix(String placeholder, String s, int from, int to) {
        return from == to ? placeholder : placeholder + s.substring(from, to);
    }

    private static boolean hasSpace(String s, int a, int b) {
        for (int k = a; k < b; k++) {
            if (isSpace(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPlaceholder(String token) {
        return token == ANY || token == NUM || token == IP || token == UUID || token == HEX || token == PATH
                || token == URL || token == DURATION || token == SIZE || token == TS || token == QUOTED;
    }

    /** End of a quoted span starting at {@code start}, with trailing punctuation, or -1 if none. */
    private static int quotedEnd(String s, int start, char quote) {
        int n = s.length();
        int close = s.indexOf(quote, start + 1);
        while (close > 0) {
            int k = close + 1;
            while (k < n && isTrailingPunctuation(s.charAt(k))) {
                k++;
            }
            if (k == n || isSpace(s.charAt(k))) {
                return k;
            }
            if (quote == '\'') {
                return -1; // an apostrophe inside a word: not a quoted span
            }
            close = s.indexOf(quote, close + 1);
        }
        return -1;
    }

    private String maskToken(String s, int a, int b) {
        boolean digit = false;
        boolean delimiter = false;
        for (int k = a; k < b; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (isDelimiter(c)) {
                delimiter = true;
            }
        }
        boolean url = delimiter && isUrl(s, a, b);
        if (!digit && !url && s.charAt(a) != '/') {
            return b - a > maxTokenChars ? ANY : s.substring(a, b);
        }
        if (url) {
            int end = b - trailing(s, a, b).length();
            return withSuffix(URL, s, end, b);
        }
        if (digit) {
            int end = b - trailing(s, a, b).length();
            if (isTimeOfDay(s, a, end)) {
                return withSuffix(TS, s, end, b);
            }
            if (isIpv6(s, a, end)) {
                return withSuffix(IP, s, end, b);
            }
        }
        if (!delimiter) {
            String type = classify(s, a, b);
            return type == null ? s.substring(a, b) : type;
        }
        StringBuilder out = new StringBuilder(b - a + 8);
        int start = a;
        for (int k = a; k <= b; k++) {
            if (k == b || isDelimiter(s.charAt(k))) {
                if (k > start) {
                    String type = classify(s, start, k);
                    if (type == null) {
                        out.append(s, start, k);
                    } else {
                        out.append(type);
                    }
                }
                if (k < b) {
                    out.append(s.charAt(k));
                }
                start = k + 1;
            }
        }
        return out.toString();
    }

    /** The placeholder for one delimiter-free piece, or null when it is constant. */
    private String classify(String s, int a, int b) {
        int end = b;
        while (end > a + 1 && s.charAt(end - 1) == '.') {
            end--; // a sentence-ending full stop is not part of the value
        }
        String type = classifyValue(s, a, end);
        if (type == null) {
            return b - a > maxTokenChars ? ANY : null;
        }
        return withSuffix(type, s, end, b);
    }

    private static String classifyValue(String s, int a, int b) {
        boolean digit = false;
        for (int k = a; k < b; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
                break;
            }
        }
        if (s.charAt(a) == '/' && b - a > 1) {
            return PATH;
        }
        if (!digit) {
            return null;
        }
        int numEnd = numberEnd(s, a, b);
        if (numEnd == b) {
            return NUM;
        }
        if (numEnd > a) {
            String unit = s.substring(numEnd, b);
            if (isDurationUnit(unit)) {
                return DURATION;
            }
            if (isSizeUnit(unit)) {
                return SIZE;
            }
        }
        if (isIpv4(s, a, b)) {
            return IP;
        }
        if (isUuid(s, a, b)) {
            return UUID;
        }
        if (isHex(s, a, b)) {
            return HEX;
        }
        if (isDate(s, a, b)) {
            return TS;
        }
        return ANY;
    }

    /** End of a leading decimal number (sign, digits, fraction, exponent), or {@code a} if none. */
    private static int numberEnd(String s, int a, int b) {
        int k = a;
        if (k < b && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
            k++;
        }
        int digits = k;
        while (k < b && isDigit(s.charAt(k))) {
            k++;
        }
        if (k == digits) {
            return a;
        }
        if (k + 1 < b && s.charAt(k) == '.' && isDigit(s.charAt(k + 1))) {
            k++;
            while (k < b && isDigit(s.charAt(k))) {
                k++;
            }
        }
        if (k + 1 < b && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
            int e = k + 1;
            if (e < b && (s.charAt(e) == '-' || s.charAt(e) == '+')) {
                e++;
            }
            int expDigits = e;
            while (e < b && isDigit(s.charAt(e))) {
                e++;
            }
            if (e > expDigits && e == b) {
                k = e;
            }
        }
        return k;
    }

    private static boolean isDurationUnit(String unit) {
        switch (unit) {
            case "ns": case "us": case "\u00b5s": case "ms": case "s": case "sec": case "secs": case "second":
            case "seconds": case "m": case "min": case "mins": case "minute": case "minutes": case "h": case "hr":
            case "hrs": case "hour": case "hours": case "d": case "day": case "days":
                return true;
            default:
                return false;
        }
    }

    private static boolean isSizeUnit(String unit) {
        switch (unit) {
            case "B": case "b": case "k": case "K": case "kB": case "KB": case "KiB": case "M": case "MB":
            case "MiB": case "G": case "GB": case "GiB": case "T": case "TB": case "TiB": case "bytes":
                return true;
            default:
                return false;
        }
    }

    private static boolean isIpv4(String s, int a, int b) {
        int groups = 0;
        int k = a;
        while (k < b) {
            int start = k;
            while (k < b && isDigit(s.charAt(k))) {
                k++;
            }
            if (k == start || k - start > 3) {
                return false;
            }
            groups++;
            if (k < b) {
                if (s.charAt(k) != '.' || groups == 4) {
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

    private static boolean isIpv6(String s, int a, int b) {
        int colons = 0;
        boolean doubleColon = false;
        for (int k = a; k < b; k++) {
            char c = s.charAt(k);
            if (c == ':') {
                colons++;
                if (k > a && s.charAt(k - 1) == ':') {
                    doubleColon = true;
                }
            } else if (!isHexDigit(c)) {
                return false;
            }
        }
        return colons == 7 || (doubleColon && colons >= 2);
    }

    private static boolean isTimeOfDay(String s, int a, int b) {
        // h:mm or hh:mm:ss with an optional fraction: 9:05, 18:01:47,978, 18:01:47.978
        int k = a;
        int groups = 0;
        while (true) {
            int start = k;
            while (k < b && isDigit(s.charAt(k))) {
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
            char c = s.charAt(k);
            if (c == ':' && groups < 3) {
                k++;
            } else if ((c == '.' || c == ',') && groups == 3) {
                k++;
                int frac = k;
                while (k < b && isDigit(s.charAt(k))) {
                    k++;
                }
                return k == b && k > frac;
            } else {
                return false;
            }
        }
    }

    private static boolean isUuid(String s, int a, int b) {
        if (b - a != 36) {
            return false;
        }
        for (int k = 0; k < 36; k++) {
            char c = s.charAt(a + k);
            boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
            if (dash ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int a, int b) {
        int k = a;
        if (b - a > 2 && s.charAt(a) == '0' && (s.charAt(a + 1) == 'x' || s.charAt(a + 1) == 'X')) {
            k = a + 2;
        }
        for (; k < b; k++) {
            if (!isHexDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDate(String s, int a, int b) {
        // 2015-10-18, 17/06/09, 2015.10.18, 20171223-22:15:29 is left to <*>
        int groups = 0;
        char separator = 0;
        int k = a;
        while (k < b) {
            int start = k;
            while (k < b && isDigit(s.charAt(k))) {
                k++;
            }
            if (k == start || k - start > 4) {
                return false;
            }
            groups++;
            if (k < b) {
                char c = s.charAt(k);
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
    private static boolean isUrl(String s, int a, int b) {
        for (int k = a; k + 2 < b; k++) {
            char c = s.charAt(k);
            if (c == ':') {
                return k > a && s.charAt(k + 1) == '/' && s.charAt(k + 2) == '/';
            }
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '.' && c != '-') {
                return false;
            }
        }
        return false;
    }

    private static String trailing(String s, int a, int b) {
        int end = b;
        while (end > a + 1 && isTrailingPunctuation(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(end, b);
    }

    private static boolean isTrailingPunctuation(char c) {
        return c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}';
    }

    private static boolean isDelimiter(char c) {
        switch (c) {
            case '=': case ':': case ',': case ';': case '(': case ')': case '[': case ']': case '{': case '}':
            case '<': case '>': case '"': case '\'': case '|': case '@': case '#':
                return true;
            default:
                return false;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
