package io.dockmedic.core.mining;

import java.util.Arrays;

/**
 * A masked message in a reusable buffer: tokens separated by single spaces, each with its kind, so the
 * hot path of mining allocates nothing until it meets a new masked form.
 */
final class MaskedLine {

    /** A token without placeholders. */
    static final byte CONSTANT = 0;
    /** A token with placeholders and text around them, such as {@code rhost=<IP>}. */
    static final byte MIXED = 1;
    /** Kinds from here on are bare placeholders, indexes into {@link #PLACEHOLDERS}. */
    static final byte ANY = 2;
    static final byte NUM = 3;
    static final byte IP = 4;
    static final byte UUID = 5;
    static final byte HEX = 6;
    static final byte PATH = 7;
    static final byte URL = 8;
    static final byte DURATION = 9;
    static final byte SIZE = 10;
    static final byte TS = 11;

    static final String[] PLACEHOLDERS = {null, null, Masker.ANY, Masker.NUM, Masker.IP, Masker.UUID,
        Masker.HEX, Masker.PATH, Masker.URL, Masker.DURATION, Masker.SIZE, Masker.TS};

    /** The message being masked, as the masker reads it. */
    private char[] source = new char[256];
    char[] chars = new char[256];
    int length;
    int[] starts = new int[32];
    int[] ends = new int[32];
    byte[] kinds = new byte[32];
    int count;
    boolean dateWords;

    /** A buffer for a message of {@code n} chars, reused from line to line. */
    char[] source(int n) {
        if (source.length < n) {
            source = new char[Math.max(n, source.length * 2)];
        }
        return source;
    }

    void reset() {
        length = 0;
        count = 0;
        dateWords = false;
    }

    /** Starts a token; {@link #end} must follow. */
    void begin() {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
        }
        if (count > 0) {
            append(' ');
        }
        starts[count] = length;
    }

    void end(byte kind) {
        ends[count] = length;
        kinds[count] = kind;
        count++;
    }

    /** Removes the last token and the space before it. */
    void dropLast() {
        count--;
        length = count == 0 ? 0 : starts[count] - 1;
    }

    /** Whether the last token is text ending in {@code <NUM>}, such as {@code (1.16} or {@code <1}. */
    boolean lastEndsWithNum() {
        if (count == 0 || kinds[count - 1] != MIXED) {
            return false;
        }
        int n = Masker.NUM.length();
        int end = ends[count - 1];
        if (end - starts[count - 1] <= n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (chars[end - n + k] != Masker.NUM.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the {@code <NUM>} that ends the last token with {@code placeholder} and appends
     * {@code s[from, to)} to that token: {@code (1.16} and {@code KB)} become {@code (<SIZE>)}.
     */
    void joinUnitToLast(String placeholder, char[] s, int from, int to) {
        length = ends[count - 1] - Masker.NUM.length();
        append(placeholder);
        append(s, from, to);
        ends[count - 1] = length;
    }

    /**
     * Drops the last token when it only restates the value before it in parentheses: {@code <SIZE>}
     * then {@code (<SIZE>)}, as in "1190 bytes (1.16 KB)"; text after the parenthesis (a comma) moves to
     * the value. Programs print the restatement only above some size, so keeping it would split one
     * event by the value's magnitude. Returns whether it dropped one.
     */
    boolean dropRestatement() {
        if (count < 2 || kinds[count - 2] < ANY || kinds[count - 1] != MIXED) {
            return false;
        }
        String value = PLACEHOLDERS[kinds[count - 2]];
        int start = starts[count - 1];
        int n = value.length();
        if (ends[count - 1] - start < n + 2 || chars[start] != '(' || chars[start + n + 1] != ')') {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (chars[start + 1 + k] != value.charAt(k)) {
                return false;
            }
        }
        int restFrom = start + n + 2;
        int restTo = ends[count - 1];
        if (restFrom == restTo) {
            dropLast();
            return true;
        }
        char[] rest = Arrays.copyOfRange(chars, restFrom, restTo);
        dropLast();
        for (char c : rest) {
            append(c);
        }
        ends[count - 1] = length;
        kinds[count - 1] = MIXED;
        return true;
    }

    void append(char c) {
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, length * 2);
        }
        chars[length++] = c;
    }

    void append(String s) {
        int n = s.length();
        if (length + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + n, length * 2));
        }
        s.getChars(0, n, chars, length);
        length += n;
    }

    void append(char[] s, int from, int to) {
        int n = to - from;
        if (length + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + n, length * 2));
        }
        System.arraycopy(s, from, chars, length, n);
        length += n;
    }

    int tokenLength(int i) {
        return ends[i] - starts[i];
    }

    /** The token as a string; bare placeholders are the shared constants, so they compare by identity. */
    String token(int i) {
        byte kind = kinds[i];
        return kind >= ANY ? PLACEHOLDERS[kind] : new String(chars, starts[i], ends[i] - starts[i]);
    }

    String[] tokens() {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = token(i);
        }
        return out;
    }

    /** A 64-bit hash of the masked text. */
    long hash() {
        long h = 0xcbf29ce484222325L;
        char[] c = chars;
        for (int i = 0; i < length; i++) {
            h = (h ^ c[i]) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }

    /** The masked text one byte a char, or null when a char is above U+00FF. */
    byte[] latin1() {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c > 0xff) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** Whether the masked text is {@code latin1} (see {@link #latin1()}), or else {@code wide}. */
    boolean contentEquals(byte[] latin1, char[] wide) {
        if (latin1 == null) {
            return Arrays.equals(chars, 0, length, wide, 0, wide.length);
        }
        if (latin1.length != length) {
            return false;
        }
        char[] c = chars;
        for (int i = 0; i < length; i++) {
            if (c[i] != (latin1[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
