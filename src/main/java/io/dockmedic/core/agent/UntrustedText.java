package io.dockmedic.core.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text that came from a container's log, made fit to hand to a person or a language model: terminal
 * escape sequences, control and invisible formatting characters removed (newline and tab kept), the
 * length capped with a marker saying how much was cut, and text that reads like an instruction to an AI
 * flagged (never removed: the agent must see what the container printed). See SPEC/agent-protocol.md.
 *
 * @param text the sanitized, capped text
 * @param truncated whether the cap cut some of it
 * @param heuristics names of the {@link #HEURISTICS} that matched, empty when none did
 */
public record UntrustedText(String text, boolean truncated, List<String> heuristics) {

    /** The cap of a log excerpt handed to an agent. */
    public static final int EXCERPT_LIMIT = 4000;

    /**
     * The instruction-like patterns, by name. Small on purpose: it is a warning sign for whoever reads
     * the hand-off, not a filter; every match is case-insensitive and spans any whitespace, line breaks
     * included.
     */
    public static final Map<String, Pattern> HEURISTICS = patterns();

    public UntrustedText {
        heuristics = List.copyOf(heuristics);
    }

    /** Whether any heuristic matched. */
    public boolean flagged() {
        return !heuristics.isEmpty();
    }

    /** {@code raw} sanitized and cut to at most {@code limit} characters plus the cut marker; null stays null. */
    public static UntrustedText of(String raw, int limit) {
        if (raw == null) {
            return new UntrustedText(null, false, List.of());
        }
        String clean = strip(raw);
        // Flagged on the whole text, so an instruction placed beyond the cap is still reported.
        List<String> matched = match(clean);
        if (clean.length() <= limit) {
            return new UntrustedText(clean, false, matched);
        }
        int end = limit;
        if (end > 0 && Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        String cut = clean.substring(0, end) + "\n[dockmedic cut " + (clean.length() - end) + " more characters]";
        return new UntrustedText(cut, true, matched);
    }

    /** Names of the heuristics that match {@code text}. */
    static List<String> match(String text) {
        List<String> matched = new ArrayList<>();
        HEURISTICS.forEach((name, pattern) -> {
            if (pattern.matcher(text).find()) {
                matched.add(name);
            }
        });
        return matched;
    }

    /** Removes escape sequences, control characters but newline and tab, and invisible format characters. */
    static String strip(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int length = raw.length();
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c == '\n' || c == '\t') {
                out.append(c);
            } else if (c == 0x1b) {
                i = escapeEnd(raw, i);
            } else if (c == 0x9b) { // C1 CSI: parameters and a final byte follow, as after ESC [
                i = csiEnd(raw, i + 1);
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                // CR, NUL, BEL, DEL, C1 controls; zero-width and bidirectional overrides that hide or reorder text.
                continue;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, raw.charAt(i + 1));
                    if (Character.getType(codePoint) != Character.FORMAT) { // e.g. Unicode tag characters
                        out.append(c).append(raw.charAt(i + 1));
                    }
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Index of the last character of the escape sequence that starts with the ESC at {@code i}. */
    private static int escapeEnd(String text, int i) {
        if (i + 1 >= text.length()) {
            return i;
        }
        char kind = text.charAt(i + 1);
        if (kind == '[') {
            return csiEnd(text, i + 2);
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
            // OSC, DCS, APC, PM, SOS: a string up to BEL or ESC backslash.
            int j = i + 2;
            while (j < text.length() && text.charAt(j) != 0x07 && text.charAt(j) != 0x1b) {
                j++;
            }
            if (j < text.length() && text.charAt(j) == 0x1b && j + 1 < text.length() && text.charAt(j + 1) == '\\') {
                return j + 1;
            }
            return j < text.length() && text.charAt(j) == 0x07 ? j : j - 1;
        }
        // Two- or three-character sequences: ESC, intermediates 0x20-0x2f, one final byte.
        int j = i + 1;
        while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x2f) {
            j++;
        }
        return j < text.length() && text.charAt(j) >= 0x30 && text.charAt(j) <= 0x7e ? j : j - 1;
    }

    /** Index of the final byte of a CSI sequence whose parameters start at {@code j}. */
    private static int csiEnd(String text, int j) {
        while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x3f) {
            j++;
        }
        return j < text.length() && text.charAt(j) >= 0x40 && text.charAt(j) <= 0x7e ? j : j - 1;
    }

    private static Map<String, Pattern> patterns() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        patterns.put("ignore-previous-instructions", Pattern.compile(
                "\\b(ignore|disregard|forget)\\s+(all\\s+|any\\s+)?(of\\s+)?(the\\s+|your\\s+)?(previous|prior|above|earlier)"
                        + "\\s+(instructions|prompts?|rules|messages)", flags));
        patterns.put("you-are-now", Pattern.compile("\\byou\\s+are\\s+now\\b", flags));
        patterns.put("system-prompt", Pattern.compile("\\bsystem\\s+prompt\\b", flags));
        patterns.put("run-the-following-command", Pattern.compile(
                "\\b(run|execute)\\s+the\\s+following\\s+(shell\\s+)?commands?\\b", flags));
        patterns.put("download-piped-to-shell", Pattern.compile(
                "\\b(curl|wget)\\b[^|\\n]{0,300}\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b", flags));
        return Collections.unmodifiableMap(patterns);
    }
}
