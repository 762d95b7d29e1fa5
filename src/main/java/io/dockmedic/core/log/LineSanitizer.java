package io.dockmedic.core.log;

/** Makes raw log text safe to keep, match and print: bounded, without control bytes or escape sequences. */
final class LineSanitizer {

    /** Stands in for control characters, binary bytes and lone surrogates. */
    static final char REPLACEMENT = '\uFFFD';

    private LineSanitizer() {
    }

    /**
     * The text cut to {@code maxChars} (the cut is marked with the number of characters dropped), with
     * ANSI escape sequences and NUL bytes removed, a trailing CR dropped, other CRs turned into spaces, and
     * other control characters and lone surrogates replaced. Returns the same instance when nothing needs changing,
     * which is the common case, so clean lines cost one scan and no allocation.
     */
    static String clean(String text, int maxChars) {
        int length = text.length();
        int end = Math.min(length, maxChars);
        if (end < length && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair at the cut
        }
        int i = 0;
        while (i < end && !needsCare(text.charAt(i))) {
            i++;
        }
        if (i == end && end == length) {
            return text;
        }
        StringBuilder out = new StringBuilder(end + 24);
        out.append(text, 0, i);
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (!needsCare(c)) {
                out.append(c);
            } else if (c == 0x1b) {
                i = escapeEnd(text, i, end);
            } else if (c == 0) {
                continue; // NUL is padding (C strings, preallocated files): dropped so words around it still match
            } else if (c == '\r') {
                if (i + 1 < length) {
                    out.append(' ');
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(REPLACEMENT);
            }
        }
        if (end < length) {
            out.append(" …[+").append(length - end).append(" chars]");
        }
        return out.toString();
    }

    private static boolean needsCare(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        return c >= 0x7f && (c <= 0x9f || Character.isSurrogate(c));
    }

    /** Index of the last character of the escape sequence starting at {@code i} (an ESC). */
    private static int escapeEnd(String text, int i, int end) {
        if (i + 1 >= end) {
            return i;
        }
        char kind = text.charAt(i + 1);
        if (kind == '[') { // CSI: parameters and intermediates, then one final byte
            int j = i + 2;
            while (j < end && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x3f) {
                j++;
            }
            return j < end && text.charAt(j) >= 0x40 && text.charAt(j) <= 0x7e ? j : j - 1;
        }
        if (kind == ']') { // OSC: up to BEL or ESC backslash
            int j = i + 2;
            while (j < end && text.charAt(j) != 0x07 && text.charAt(j) != 0x1b) {
                j++;
            }
            return j < end && text.charAt(j) == 0x1b && j + 1 < end && text.charAt(j + 1) == '\\' ? j + 1 : Math.min(j, end - 1);
        }
        int j = i + 1; // other escapes: intermediate bytes, then one final byte ("ESC ( B")
        while (j < end && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x2f) {
            j++;
        }
        return Math.min(j, end - 1);
    }
}
