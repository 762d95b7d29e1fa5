package io.dockmedic.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --since} value: a duration back from now ({@code 90s}, {@code 30m}, {@code 24h},
 * {@code 7d}, {@code 2w}, or combined like {@code 1h30m}) or an ISO-8601 time ({@code 2024-05-01T10:00:00Z},
 * with an offset, or a bare date or local time read as UTC).
 */
final class Since {

    private static final Pattern DURATION = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private Since() {
    }

    /** The instant {@code text} means at {@code now}. */
    static Instant parse(String text, Instant now) {
        String value = text.trim();
        if (DURATION.matcher(value).matches()) {
            Duration back = Duration.ZERO;
            Matcher part = PART.matcher(value);
            try {
                while (part.find()) {
                    long amount = Long.parseLong(part.group(1));
                    back = back.plus(switch (part.group(2)) {
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "d" -> Duration.ofDays(amount);
                        default -> Duration.ofDays(7 * amount);
                    });
                }
                return now.minus(back);
            } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
                throw invalid(text);
            }
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notWithOffset) {
            // try the shorter forms
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
            // try a date
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("expected a duration like 30m, 24h or 7d, or an ISO-8601 time like "
                + "2024-05-01T10:00:00Z, not '" + text + "'");
    }
}
