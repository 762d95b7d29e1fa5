package io.dockmedic.core.mining;

/**
 * Puts the message of a structured line first and its key=value context after it, so a template reads
 * like the event it stands for: klog's {@code "Failed to update lease" err="..."} (and its header),
 * a logfmt line whose {@code msg=} is not first, a JSON object with a {@code msg}/{@code message} field.
 * Any other message is returned as it is. The context keeps its order; values are left to the masker.
 */
final class StructuredMessage {

    private static final String[] MESSAGE_KEYS = {"msg", "message", "@m", "@mt", "MESSAGE"};

    private StructuredMessage() {
    }

    /** The message first, then the context; {@code message} itself when it is not structured. */
    static String normalize(String message) {
        int start = 0;
        int n = message.length();
        while (start < n && message.charAt(start) == ' ') {
            start++;
        }
        if (start == n) {
            return message;
        }
        char c = message.charAt(start);
        if (c == '{') {
            return json(message, start);
        }
        if (c == '"') {
            return quotedFirst(message, start);
        }
        if (c == 'I' || c == 'W' || c == 'E' || c == 'F') {
            int body = klogBody(message, start);
            if (body > 0) {
                return normalize(message.substring(body));
            }
        }
        return c < 128 && Character.isLetter(c) ? logfmt(message, start) : message;
    }

    /**
     * Whether {@link #normalize} may change a message with these chars; when false it returns the message
     * as it is. Decided on the first word without a String, as {@link #normalize} decides: a line that starts
     * with '{' or '"', a klog severity letter and a digit, or a word of key chars followed by '='.
     */
    static boolean mayRestructure(char[] s, int n) {
        int start = 0;
        while (start < n && s[start] == ' ') {
            start++;
        }
        if (start == n) {
            return false;
        }
        char c = s[start];
        if (c == '{' || c == '"') {
            return true;
        }
        if ((c == 'I' || c == 'W' || c == 'E' || c == 'F') && start + 1 < n && isDigit(s[start + 1])) {
            return true;
        }
        if (c >= 128 || !Character.isLetter(c)) {
            return false;
        }
        int first = start;
        while (first < n && isKeyChar(s[first])) {
            first++;
        }
        return first < n && s[first] == '=';
    }

    /**
     * The start of the text after a klog header ({@code E1203 10:00:00.000000 1 file.go:12] }), or -1
     * when there is none.
     */
    private static int klogBody(String s, int i) {
        int n = s.length();
        int k = i + 1;
        for (int d = 0; d < 4; d++, k++) {
            if (k >= n || !isDigit(s.charAt(k))) {
                return -1;
            }
        }
        if (k >= n || s.charAt(k) != ' ') {
            return -1;
        }
        int close = s.indexOf("] ", k);
        if (close < 0 || close - k > 120 || !isDigit(s.charAt(close - 1))) {
            return -1;
        }
        return close + 2;
    }

    /** klog's structured form: a quoted message, then key=value pairs; the message loses its quotes. */
    private static String quotedFirst(String s, int start) {
        int close = closingQuote(s, start + 1);
        if (close < 0 || close + 1 < s.length() && s.charAt(close + 1) != ' ') {
            return s;
        }
        String rest = s.substring(close + 1).trim();
        int keyEnd = 0;
        while (keyEnd < rest.length() && isKeyChar(rest.charAt(keyEnd))) {
            keyEnd++;
        }
        if (!rest.isEmpty() && (keyEnd == 0 || keyEnd == rest.length() || rest.charAt(keyEnd) != '=')) {
            return s; // a quoted value starting free text, not klog's message and pairs
        }
        String text = unescape(s, start + 1, close);
        return rest.isEmpty() ? text : text + " " + rest;
    }

    /** A line of logfmt pairs with a message key: the message, then the other pairs as written. */
    private static String logfmt(String s, int start) {
        int n = s.length();
        int first = start;
        while (first < n && isKeyChar(s.charAt(first))) {
            first++;
        }
        if (first == n || s.charAt(first) != '=') {
            return s; // the common case, free text: decided on the first word, nothing allocated
        }
        int i = start;
        String text = null;
        StringBuilder context = new StringBuilder();
        int pairs = 0;
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int keyEnd = i;
            while (keyEnd < n && isKeyChar(s.charAt(keyEnd))) {
                keyEnd++;
            }
            if (keyEnd == i || keyEnd == n || s.charAt(keyEnd) != '=') {
                return s; // free text: not a logfmt line
            }
            int valueStart = keyEnd + 1;
            int valueEnd;
            String value;
            if (valueStart < n && s.charAt(valueStart) == '"') {
                int close = closingQuote(s, valueStart + 1);
                if (close < 0) {
                    return s;
                }
                valueEnd = close + 1;
                value = unescape(s, valueStart + 1, close);
            } else {
                valueEnd = s.indexOf(' ', valueStart);
                valueEnd = valueEnd < 0 ? n : valueEnd;
                value = s.substring(valueStart, valueEnd);
            }
            pairs++;
            if (text == null && isMessageKey(s, i, keyEnd)) {
                text = value;
            } else {
                if (!context.isEmpty()) {
                    context.append(' ');
                }
                context.append(s, i, valueEnd);
            }
            i = valueEnd;
        }
        if (text == null || pairs < 2) {
            return s;
        }
        return context.isEmpty() ? text : text + " " + context;
    }

    /**
     * A flat JSON object with a message field: the message, then {@code key=value} for the other fields
     * (strings quoted when they hold a blank, nested objects and arrays as written); anything it cannot
     * read is returned as it is.
     */
    private static String json(String s, int start) {
        int n = s.length();
        int i = skip(s, start + 1);
        String text = null;
        StringBuilder context = new StringBuilder();
        while (i < n && s.charAt(i) != '}') {
            if (s.charAt(i) != '"') {
                return s;
            }
            int keyClose = closingQuote(s, i + 1);
            if (keyClose < 0) {
                return s;
            }
            String key = unescape(s, i + 1, keyClose);
            i = skip(s, keyClose + 1);
            if (i >= n || s.charAt(i) != ':') {
                return s;
            }
            i = skip(s, i + 1);
            if (i >= n) {
                return s;
            }
            String value;
            boolean string = s.charAt(i) == '"';
            if (string) {
                int close = closingQuote(s, i + 1);
                if (close < 0) {
                    return s;
                }
                value = unescape(s, i + 1, close);
                i = close + 1;
            } else {
                int end = valueEnd(s, i);
                if (end < 0) {
                    return s;
                }
                value = s.substring(i, end).trim();
                i = end;
            }
            if (text == null && string && isMessageKey(key, 0, key.length())) {
                text = value;
            } else {
                if (!context.isEmpty()) {
                    context.append(' ');
                }
                context.append(key).append('=');
                boolean quote = string && (value.indexOf(' ') >= 0 || value.isEmpty());
                context.append(quote ? "\"" + value + "\"" : value);
            }
            i = skip(s, i);
            if (i < n && s.charAt(i) == ',') {
                i = skip(s, i + 1);
            }
        }
        if (text == null || i >= n) {
            return s;
        }
        return context.isEmpty() ? text : text + " " + context;
    }

    /** End of a non-string JSON value (number, literal, nested object or array), or -1 when unbalanced. */
    private static int valueEnd(String s, int i) {
        int depth = 0;
        int n = s.length();
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c == '"') {
                k = closingQuote(s, k + 1);
                if (k < 0) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return k;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the quote closing a string whose text starts at {@code i}, skipping escapes; -1 if none. */
    private static int closingQuote(String s, int i) {
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '"') {
                return k;
            }
        }
        return -1;
    }

    /** The text between quotes with {@code \"} and {@code \\} read; other escapes stay as written. */
    private static String unescape(String s, int from, int to) {
        if (s.indexOf('\\', from) < 0 || s.indexOf('\\', from) >= to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < to && (s.charAt(k + 1) == '"' || s.charAt(k + 1) == '\\')) {
                c = s.charAt(++k);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isMessageKey(String s, int from, int to) {
        for (String key : MESSAGE_KEYS) {
            if (key.length() == to - from && s.regionMatches(from, key, 0, key.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKeyChar(char c) {
        return c < 128 && KEY_CHARS[c];
    }

    /** ASCII letters, digits and {@code _ . - @}: a table, as every line's first word is read with it. */
    private static final boolean[] KEY_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            KEY_CHARS[c] = Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@';
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
