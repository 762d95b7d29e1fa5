package io.dockmedic.core.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;

/**
 * A regular expression a user wrote (a LogAudit rule, selector or override), compiled by RE2/J, whose
 * matching time is linear in the text whatever the expression: no backtracking, so no expression and log
 * line can keep a thread busy. RE2 syntax is the common Perl/Java syntax without lookaround, backreferences,
 * possessive quantifiers and atomic groups; an expression using them is rejected with what to change.
 *
 * @param expression the expression as written
 * @param pattern the compiled expression
 */
public record UserPattern(String expression, Pattern pattern) implements TextPattern {

    /** The longest expression accepted, in characters (the CRD schema says the same). */
    public static final int MAX_LENGTH = 1000;

    /** Constructs Java has and RE2 has not, recognised by how they start, with their names. */
    private static final List<String[]> UNSUPPORTED = List.of(
            new String[] {"(?=", "a lookahead (?=...)"},
            new String[] {"(?!", "a negative lookahead (?!...)"},
            new String[] {"(?<=", "a lookbehind (?<=...)"},
            new String[] {"(?<!", "a negative lookbehind (?<!...)"},
            new String[] {"(?>", "an atomic group (?>...)"},
            new String[] {"\\k<", "a named backreference \\k<...>"},
            new String[] {"*+", "a possessive quantifier *+"},
            new String[] {"++", "a possessive quantifier ++"},
            new String[] {"?+", "a possessive quantifier ?+"},
            new String[] {"}+", "a possessive quantifier {n}+"});

    /**
     * Compiles {@code expression}; {@code field} names it in errors (e.g. {@code pattern}).
     *
     * @throws IllegalArgumentException naming the field and what is wrong: too long, invalid, or a construct
     *     the linear-time engine cannot run
     */
    public static UserPattern compile(String expression, boolean ignoreCase, String field) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(field + " is " + expression.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        try {
            return new UserPattern(expression, Pattern.compile(expression, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            String construct = unsupported(expression);
            if (construct != null) {
                throw new IllegalArgumentException(field + " uses " + construct
                        + ", which the linear-time regular expression engine (RE2) does not support", e);
            }
            throw new IllegalArgumentException(field + " is not a valid RE2 regular expression: " + e.getDescription()
                    + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " at `" + e.getPattern() + "`"), e);
        }
    }

    private static String unsupported(String expression) {
        for (String[] construct : UNSUPPORTED) {
            if (expression.contains(construct[0])) {
                return construct[1];
            }
        }
        for (int i = 0; i + 1 < expression.length(); i++) {
            if (expression.charAt(i) == '\\') {
                if (Character.isDigit(expression.charAt(i + 1)) && expression.charAt(i + 1) != '0') {
                    return "a backreference \\" + expression.charAt(i + 1);
                }
                i++; // skip the escaped character
            }
        }
        return null;
    }

    @Override
    public boolean find(CharSequence text) {
        return pattern.matcher(text).find();
    }

    @Override
    public boolean matchesWhole(CharSequence text) {
        return pattern.matcher(text).matches();
    }
}
