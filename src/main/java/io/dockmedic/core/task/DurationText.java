package io.dockmedic.core.task;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as LogAudit specs write them: number+unit pairs such as {@code 30s}, {@code 1h30m}, {@code 7d}. */
public final class DurationText {

    /** The longest duration accepted: ten years; longer ones are mistakes and overflow in milliseconds. */
    public static final Duration MAX = Duration.ofDays(3650);
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses {@code text}; {@code field} names the spec field in the error message.
     *
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; expected a duration such as 30s, 5m or 1h30m");
        }
        Matcher part = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount;
            try {
                amount = Long.parseLong(part.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " '" + text + "' is too large", e);
            }
            try {
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(field + " '" + text + "' is too large (at most 3650d)", e);
            }
            if (total.compareTo(MAX) > 0) {
                throw new IllegalArgumentException(field + " '" + text + "' is too large (at most 3650d)");
            }
            end = part.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException(
                    field + " '" + text + "' is not a duration; expected number+unit pairs such as 30s, 5m or 1h30m");
        }
        return total;
    }

    /** Writes a duration the way specs write it, largest units first, e.g. {@code 1h30m}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) {
            text.append(days).append('d');
        }
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.toString();
    }

    private static void append(StringBuilder text, int amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
