package io.dockmedic.docker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses the RFC 3339 timestamps Docker puts before each log line ({@code 2024-05-01T10:00:00.123456789Z}).
 *
 * <p>Docker always writes UTC with nine fraction digits; that shape is parsed by hand because a
 * million lines through {@link DateTimeFormatter} cost about a second. The seconds part changes at
 * most once a second, so its epoch value is cached. Any other RFC 3339 shape (fewer digits, an
 * offset) goes through the JDK parser. Not thread-safe: one instance per reader.
 */
final class DockerTimestamp {

    /** Longest timestamp accepted: date, time, nine digits and a {@code +hh:mm} offset, with room. */
    static final int MAX_LENGTH = 40;

    private static final int SECONDS_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss

    private final byte[] cachedSeconds = new byte[SECONDS_LENGTH];
    private long cachedEpochSecond;
    private boolean cached;

    /** The instant written in {@code bytes[offset, offset+length)}, or null when it is not an RFC 3339 timestamp. */
    Instant parse(byte[] bytes, int offset, int length) {
        if (length < SECONDS_LENGTH + 1 || length > MAX_LENGTH || !hasDateTimeShape(bytes, offset)) {
            return null;
        }
        if (bytes[offset + length - 1] == 'Z') {
            Instant fast = parseUtc(bytes, offset, length);
            if (fast != null) {
                return fast;
            }
        }
        return parseSlow(new String(bytes, offset, length, StandardCharsets.US_ASCII));
    }

    private Instant parseUtc(byte[] b, int offset, int length) {
        int nanos = 0;
        int end = offset + length - 1; // the 'Z'
        int pos = offset + SECONDS_LENGTH;
        if (pos < end) {
            if (b[pos] != '.') {
                return null;
            }
            int digits = end - pos - 1;
            if (digits < 1 || digits > 9) {
                return null;
            }
            for (int i = pos + 1; i < end; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return null;
                }
                nanos = nanos * 10 + d;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochSecond;
        if (cached && sameSeconds(b, offset)) {
            epochSecond = cachedEpochSecond;
        } else {
            try {
                epochSecond = LocalDateTime.of(
                        number(b, offset, 4), number(b, offset + 5, 2), number(b, offset + 8, 2),
                        number(b, offset + 11, 2), number(b, offset + 14, 2), number(b, offset + 17, 2))
                        .toEpochSecond(ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                return null;
            }
            System.arraycopy(b, offset, cachedSeconds, 0, SECONDS_LENGTH);
            cachedEpochSecond = epochSecond;
            cached = true;
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private boolean sameSeconds(byte[] b, int offset) {
        for (int i = SECONDS_LENGTH - 1; i >= 0; i--) { // the seconds digits differ first
            if (b[offset + i] != cachedSeconds[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasDateTimeShape(byte[] b, int offset) {
        for (int i = 0; i < SECONDS_LENGTH; i++) {
            if (!plausibleAt(i, b[offset + i])) {
                return false;
            }
        }
        return true;
    }

    private static int number(byte[] b, int offset, int digits) {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            value = value * 10 + (b[offset + i] - '0');
        }
        return value;
    }

    private static Instant parseSlow(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether {@code c} can appear at {@code index} of a timestamp; lets a reader give up on a
     * line that has no timestamp after its first byte instead of buffering a whole prefix.
     */
    static boolean plausibleAt(int index, byte c) {
        if (index < SECONDS_LENGTH) {
            return switch (index) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T' || c == 't';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
        }
        return (c >= '0' && c <= '9') || c == '.' || c == 'Z' || c == 'z' || c == '+' || c == '-' || c == ':';
    }
}
