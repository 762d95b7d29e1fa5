package io.dockmedic.core.log;

/** Recognises the timestamp shapes log headers start with, so they can be stripped without parsing them. */
final class Timestamps {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final String WEEKDAYS = "MonTueWedThuFriSatSun";

    private Timestamps() {
    }

    /**
     * End of a timestamp starting at {@code i} with a digit, or -1: "2024-01-01T10:00:00.123Z",
     * "2024-01-01 10:00:00,123 +0000", "2024/01/01 10:00:00", "10:00:00.123", "27 Nov 2026 10:00:00.123",
     * "27-Nov-2026 10:00:00.123", "1700000000.123", each with an optional zone ("Z", "+01:00", " UTC", " CEST", " AM").
     */
    static int end(String s, int i) {
        char sep = Tokens.charAt(s, i + 4);
        if ((sep == '-' || sep == '/') && Tokens.digitsAt(s, i, 4) && Tokens.digitsAt(s, i + 5, 2)
                && Tokens.charAt(s, i + 7) == sep && Tokens.digitsAt(s, i + 8, 2)) {
            int j = i + 10;
            char t = Tokens.charAt(s, j);
            if (t == 'T' || t == ' ' || t == '_') {
                int time = time(s, j + 1);
                if (time > 0) {
                    j = time;
                }
            }
            return bounded(s, j);
        }
        if (Tokens.charAt(s, i + 2) == ':') {
            return bounded(s, time(s, i));
        }
        int digits = Tokens.digitsEnd(s, i);
        if (digits - i <= 2 && Tokens.charAt(s, digits) == ' ' && isMonth(s, digits + 1)
                && Tokens.charAt(s, digits + 4) == ' ') {
            int j = digits + 5;
            if (Tokens.digitsAt(s, j, 4) && Tokens.charAt(s, j + 4) == ' ') {
                j += 5;
            }
            return bounded(s, time(s, j));
        }
        if (digits - i <= 2 && Tokens.charAt(s, digits) == '-' && isMonth(s, digits + 1)
                && Tokens.charAt(s, digits + 4) == '-' && Tokens.digitsAt(s, digits + 5, 4)) {
            int j = digits + 9; // Tomcat's "27-Nov-2026 10:00:00.123"
            return bounded(s, Tokens.charAt(s, j) == ' ' && time(s, j + 1) > 0 ? time(s, j + 1) : j);
        }
        if (digits - i == 10 && Tokens.charAt(s, digits) == '.' && Tokens.isDigit(Tokens.charAt(s, digits + 1))) {
            return bounded(s, Tokens.digitsEnd(s, digits + 1));
        }
        return -1;
    }

    /**
     * End of a timestamp starting with a month or weekday name, or -1: syslog's "Nov 27 10:00:00",
     * ctime's "Mon Nov 27 10:00:00 2026", java.util.logging's "Nov 27, 2026 10:00:00 AM".
     */
    static int monthFirstEnd(String s, int i) {
        int j = i;
        if (isWeekday(s, j) && Tokens.charAt(s, j + 3) == ' ') {
            j += 4;
        }
        if (!isMonth(s, j) || Tokens.charAt(s, j + 3) != ' ') {
            return -1;
        }
        j = Tokens.skipBlanks(s, j + 4);
        int day = Tokens.digitsEnd(s, j);
        if (day == j || day - j > 2) {
            return -1;
        }
        j = day;
        if (Tokens.charAt(s, j) == ',' && Tokens.charAt(s, j + 1) == ' ' && Tokens.digitsAt(s, j + 2, 4)) {
            j += 6; // "Nov 27, 2026"
        }
        if (Tokens.charAt(s, j) != ' ') {
            return -1;
        }
        int hour = Tokens.digitsEnd(s, j + 1);
        int time = hour - (j + 1) == 1 ? time(s, j, true) : time(s, j + 1);
        if (time < 0) {
            return -1;
        }
        if (Tokens.charAt(s, time) == ' ' && Tokens.digitsAt(s, time + 1, 4)) {
            time += 5; // ctime's trailing year
        }
        return bounded(s, time);
    }

    /** Whether the line is java.util.logging's first line: "Nov 27, 2026 10:00:00 AM com.example.Main run". */
    static boolean isJulHeader(String s) {
        int end = monthFirstEnd(s, 0);
        return end > 0 && s.charAt(end - 1) == 'M' && s.indexOf(", ") > 0 && s.indexOf(", ") < 8;
    }

    /** "hh:mm[:ss][.fraction][zone]" at {@code i}, or -1. */
    private static int time(String s, int i) {
        return time(s, i, false);
    }

    private static int time(String s, int i, boolean singleDigitHour) {
        int h = singleDigitHour ? i + 1 : i;
        if (!(Tokens.digitsAt(s, h, singleDigitHour ? 1 : 2) && Tokens.charAt(s, h + (singleDigitHour ? 1 : 2)) == ':')) {
            return -1;
        }
        int j = h + (singleDigitHour ? 2 : 3);
        if (!Tokens.digitsAt(s, j, 2)) {
            return -1;
        }
        j += 2;
        if (Tokens.charAt(s, j) == ':' && Tokens.digitsAt(s, j + 1, 2)) {
            j += 3;
        }
        char c = Tokens.charAt(s, j);
        if ((c == '.' || c == ',') && Tokens.isDigit(Tokens.charAt(s, j + 1))) {
            j = Tokens.digitsEnd(s, j + 1);
        }
        return zoneEnd(s, j);
    }

    private static int zoneEnd(String s, int j) {
        char c = Tokens.charAt(s, j);
        if (c == 'Z') {
            return j + 1;
        }
        if ((c == '+' || c == '-') && Tokens.digitsAt(s, j + 1, 2)) {
            int k = j + 3;
            if (Tokens.charAt(s, k) == ':') {
                k++;
            }
            return Tokens.digitsAt(s, k, 2) ? k + 2 : j + 3;
        }
        if (c != ' ') {
            return j;
        }
        char d = Tokens.charAt(s, j + 1);
        if ((d == '+' || d == '-') && Tokens.digitsAt(s, j + 2, 4)) {
            return j + 6;
        }
        int k = j + 1;
        while (k < s.length() && Tokens.isUpper(s.charAt(k))) {
            k++;
        }
        int length = k - (j + 1);
        char after = Tokens.charAt(s, k);
        if (after != ' ' && after != '\0' && after != ']') {
            return j;
        }
        if (length == 2 && (s.startsWith("AM", j + 1) || s.startsWith("PM", j + 1))) {
            return k;
        }
        // Zone abbreviations (UTC, GMT, CEST, PDT) end in T; level words such as ALERT are not zones.
        if (length >= 3 && length <= 5 && (s.charAt(k - 1) == 'T' || s.startsWith("UTC", j + 1))
                && LevelWords.ofValue(s, j + 1, k) == null) {
            return k;
        }
        return j;
    }

    /** {@code end} when the timestamp is not glued to further letters or digits, else -1. */
    private static int bounded(String s, int end) {
        if (end < 0) {
            return -1;
        }
        char c = Tokens.charAt(s, end);
        return Tokens.isLetter(c) || Tokens.isDigit(c) ? -1 : end;
    }

    private static boolean isMonth(String s, int i) {
        return isName(MONTHS, s, i);
    }

    private static boolean isWeekday(String s, int i) {
        return isName(WEEKDAYS, s, i);
    }

    private static boolean isName(String names, String s, int i) {
        if (i + 3 > s.length() || !Tokens.isUpper(s.charAt(i))) {
            return false;
        }
        for (int k = 0; k < names.length(); k += 3) {
            if (s.regionMatches(i, names, k, 3)) {
                return true;
            }
        }
        return false;
    }
}
