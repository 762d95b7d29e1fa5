package io.dockmedic.core.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Derives a rule's keyword prefilter from its regular expression: a set of lower-case literals such that
 * every text the expression can match contains at least one of them. Because the keywords come from the
 * pattern, no alternative of the pattern can be unreachable through them, as hand-written keyword lists
 * drifted to be.
 *
 * <p>Reads the subset of {@link java.util.regex.Pattern} syntax that rules use: literals, escapes,
 * character classes, groups (non-capturing, flag and look-around groups), alternation and quantifiers. For
 * each part it knows either the exact strings the part matches (when few and short) or literals one of
 * which every match contains; a concatenation keeps its most selective literals. Matching is
 * case-insensitive in ASCII, so literals are lower-cased. Syntax it does not know is an error, so that a
 * new rule cannot silently lose its prefilter.
 */
final class Prefilter {

    /** Most strings a set of exact strings or literals may hold before it is given up. */
    private static final int MAX_SET = 256;
    /** Longest exact string kept; longer ones only make the cross products large. */
    private static final int MAX_LENGTH = 60;
    /** Words too common in logs to choose as a prefilter when a concatenation offers another literal. */
    private static final Set<String> COMMON = Set.of("error", "errors", "failed", "failure", "fail", "connection",
            "connect", "status", "code", "could not", "unable to", "failed to", "cannot", "can't", "not", "the", "to",
            "is", "in", "of", "for", "on", "at", "a", "an", "warning", "exception", "timeout", "invalid", "request",
            "missing", "required", "server", "file", "terminating", "terminated");

    /** What is known about the texts a part of the expression matches. */
    private record Info(Set<String> exact, Set<String> required) {

        static final Info UNKNOWN = new Info(null, null);
        static final Info EMPTY = new Info(Set.of(""), null);

        /** Literals one of which every match contains, or null when nothing is known. */
        Set<String> literals() {
            if (required != null) {
                return required;
            }
            return exact != null && !exact.contains("") ? minimal(exact) : null;
        }
    }

    private final String regex;
    private int pos;

    private Prefilter(String regex) {
        this.regex = regex;
    }

    /**
     * The keywords of {@code regex}: lower-case ASCII literals, any of which every match contains; empty
     * when the expression guarantees none (the rule must then be tried on every text).
     *
     * @throws IllegalArgumentException when the expression uses syntax this reader does not know
     */
    static List<String> keywords(String regex) {
        Set<String> literals = alternatives(regex).stream().map(Prefilter::literalsOf).reduce(new LinkedHashSet<>(),
                (all, some) -> {
                    if (all == null || some == null) {
                        return null;
                    }
                    all.addAll(some);
                    return all;
                });
        if (literals == null) {
            return List.of();
        }
        return List.copyOf(minimal(literals));
    }

    /** The literals one of which every match of {@code regex} contains, or null when none are known. */
    static Set<String> literalsOf(String regex) {
        Prefilter reader = new Prefilter(regex);
        Info info = reader.alternation();
        if (reader.pos != regex.length()) {
            throw reader.error("unbalanced ')'");
        }
        Set<String> literals = info.literals();
        if (literals == null) {
            return null;
        }
        for (String literal : literals) {
            if (literal.isEmpty() || !literal.chars().allMatch(c -> c < 128)) {
                return null;
            }
        }
        return literals;
    }

    /** The top-level alternatives of {@code regex}, in order (each a regular expression of its own). */
    static List<String> alternatives(String regex) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(regex.substring(start));
        return parts;
    }

    // ---- the reader ---------------------------------------------------------------------------------

    private Info alternation() {
        List<Info> branches = new ArrayList<>();
        branches.add(sequence());
        while (pos < regex.length() && regex.charAt(pos) == '|') {
            pos++;
            branches.add(sequence());
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        Set<String> exact = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (Info branch : branches) {
            if (exact != null && branch.exact() != null) {
                exact.addAll(branch.exact());
            } else {
                exact = null;
            }
            Set<String> literals = branch.literals();
            if (required != null && literals != null) {
                required.addAll(literals);
            } else {
                required = null;
            }
        }
        return new Info(small(exact), required == null ? null : small(minimal(required)));
    }

    private Info sequence() {
        List<Info> items = new ArrayList<>();
        while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
            items.add(quantified(atom()));
        }
        Set<String> exact = Set.of("");
        List<Set<String>> candidates = new ArrayList<>();
        Set<String> run = Set.of("");
        for (Info item : items) {
            exact = exact == null || item.exact() == null ? null : cross(exact, item.exact());
            Set<String> longer = item.exact() == null ? null : cross(run, item.exact());
            if (longer != null) {
                run = longer;
                continue;
            }
            candidates.add(run);
            run = Set.of("");
            if (item.literals() != null) {
                candidates.add(item.literals());
            }
        }
        candidates.add(run);
        Set<String> best = null;
        for (Set<String> candidate : candidates) {
            if (candidate.contains("")) {
                continue;
            }
            Set<String> reduced = minimal(candidate);
            if (best == null || score(reduced) > score(best)
                    || score(reduced) == score(best) && reduced.size() < best.size()) {
                best = reduced;
            }
        }
        return new Info(exact, best);
    }

    /**
     * A set is as selective as its weakest literal: a short one, or a word that most log lines of a
     * failing service hold ("error", "connection"), admits many texts to the regular expression.
     */
    private static int score(Set<String> literals) {
        return literals.stream().mapToInt(literal -> COMMON.contains(literal.strip()) ? 1 : literal.length()).min().orElse(0);
    }

    private Info quantified(Info atom) {
        if (pos >= regex.length()) {
            return atom;
        }
        char c = regex.charAt(pos);
        int min;
        int max;
        if (c == '?' || c == '*' || c == '+') {
            pos++;
            min = c == '+' ? 1 : 0;
            max = c == '?' ? 1 : Integer.MAX_VALUE;
        } else if (c == '{' && pos + 1 < regex.length() && Character.isDigit(regex.charAt(pos + 1))) {
            int close = regex.indexOf('}', pos);
            if (close < 0) {
                throw error("unclosed '{'");
            }
            String[] bounds = regex.substring(pos + 1, close).split(",", -1);
            min = Integer.parseInt(bounds[0]);
            max = bounds.length == 1 ? min : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
            pos = close + 1;
        } else {
            return atom;
        }
        if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
            pos++; // lazy or possessive: the same texts match
        }
        if (min == 0) {
            Set<String> exact = null;
            if (max == 1 && atom.exact() != null) {
                exact = new LinkedHashSet<>(atom.exact());
                exact.add("");
            }
            return new Info(small(exact), null);
        }
        return new Info(min == 1 && max == 1 ? atom.exact() : null, atom.literals());
    }

    private Info atom() {
        char c = regex.charAt(pos);
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                return characterClass();
            }
            case '\\' -> {
                return escape();
            }
            case '.' -> {
                pos++;
                return Info.UNKNOWN;
            }
            case '^', '$' -> {
                pos++;
                return Info.EMPTY;
            }
            case '*', '+', '?', '{' -> throw error("nothing to repeat");
            default -> {
                pos++;
                return literal(c);
            }
        }
    }

    private Info group() {
        pos++;
        boolean lookaround = false;
        if (regex.startsWith("?", pos)) {
            if (regex.startsWith("?:", pos)) {
                pos += 2;
            } else if (regex.startsWith("?=", pos) || regex.startsWith("?!", pos)) {
                pos += 2;
                lookaround = true;
            } else if (regex.startsWith("?<=", pos) || regex.startsWith("?<!", pos)) {
                pos += 3;
                lookaround = true;
            } else {
                // Flags: "(?-i:...)" or "(?i)"; any case is already folded by lower-casing.
                int end = pos + 1;
                while (end < regex.length() && (Character.isLetter(regex.charAt(end)) || regex.charAt(end) == '-')) {
                    end++;
                }
                if (end >= regex.length() || regex.charAt(end) != ':' && regex.charAt(end) != ')') {
                    throw error("unknown group");
                }
                boolean flagsOnly = regex.charAt(end) == ')';
                pos = end + 1;
                if (flagsOnly) {
                    return Info.EMPTY;
                }
            }
        }
        Info inner = alternation();
        if (pos >= regex.length() || regex.charAt(pos) != ')') {
            throw error("unclosed '('");
        }
        pos++;
        return lookaround ? Info.EMPTY : inner; // a look-around consumes nothing
    }

    private Info characterClass() {
        int start = pos;
        pos++;
        boolean negated = regex.startsWith("^", pos);
        if (negated) {
            pos++;
        }
        Set<String> chars = new LinkedHashSet<>();
        boolean known = !negated;
        boolean first = true;
        while (pos < regex.length() && (regex.charAt(pos) != ']' || first)) {
            first = false;
            char c = regex.charAt(pos);
            if (c == '[') {
                throw error("nested character class");
            }
            if (c == '\\') {
                char escaped = regex.charAt(pos + 1);
                pos += 2;
                if (Character.isLetterOrDigit(escaped)) {
                    known = false; // \d, \w, \s, ...
                } else {
                    chars.add(String.valueOf(Character.toLowerCase(escaped)));
                }
                continue;
            }
            if (pos + 2 < regex.length() && regex.charAt(pos + 1) == '-' && regex.charAt(pos + 2) != ']') {
                char to = regex.charAt(pos + 2);
                if (to - c > 8) {
                    known = false;
                } else {
                    for (char r = c; r <= to; r++) {
                        chars.add(String.valueOf(Character.toLowerCase(r)));
                    }
                }
                pos += 3;
                continue;
            }
            chars.add(String.valueOf(Character.toLowerCase(c)));
            pos++;
        }
        if (pos >= regex.length()) {
            pos = start;
            throw error("unclosed '['");
        }
        pos++;
        return known && chars.size() <= 8 ? new Info(chars, null) : Info.UNKNOWN;
    }

    private Info escape() {
        if (pos + 1 >= regex.length()) {
            throw error("trailing '\\'");
        }
        char c = regex.charAt(pos + 1);
        pos += 2;
        return switch (c) {
            case 'b', 'B', 'A', 'z', 'Z', 'G' -> Info.EMPTY;
            case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R', 'X', 'N' -> Info.UNKNOWN;
            case 't' -> literal('\t');
            case 'n' -> literal('\n');
            case 'r' -> literal('\r');
            case 'p', 'P', 'Q', 'E', 'x', 'u', 'k', '0', 'c', 'e', 'f', 'a' -> throw error("escape \\" + c + " not supported");
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw error("escape \\" + c + " not supported");
                }
                yield literal(c);
            }
        };
    }

    private static Info literal(char c) {
        if (c >= 128) {
            return Info.UNKNOWN; // keywords are ASCII; case folding beyond it is not the prefilter's
        }
        return new Info(Set.of(String.valueOf(c).toLowerCase(Locale.ROOT)), null);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("prefilter of /" + regex + "/ at " + pos + ": " + what);
    }

    // ---- sets ---------------------------------------------------------------------------------------

    private static Set<String> cross(Set<String> left, Set<String> right) {
        if ((long) left.size() * right.size() > MAX_SET) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String a : left) {
            for (String b : right) {
                if (a.length() + b.length() > MAX_LENGTH) {
                    return null;
                }
                out.add(a + b);
            }
        }
        return out;
    }

    private static Set<String> small(Set<String> set) {
        return set == null || set.size() > MAX_SET ? null : set;
    }

    /** Drops literals that contain another one: a text holding the longer one holds the shorter. */
    private static Set<String> minimal(Set<String> literals) {
        Set<String> out = new LinkedHashSet<>();
        for (String literal : literals) {
            boolean covered = false;
            for (String other : literals) {
                if (!other.equals(literal) && literal.contains(other)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(literal);
            }
        }
        return out;
    }
}
