package io.dockmedic.core.regex;

import java.util.regex.Pattern;

/**
 * A compiled regular expression that rules, overrides and selectors look for in text. Expressions users
 * write run on a linear-time engine ({@link UserPattern}); the built-in ones are java.util.regex patterns
 * whose cost on adversarial input is bounded by a test.
 */
public sealed interface TextPattern permits TextPattern.BuiltIn, UserPattern {

    /** Whether the expression occurs somewhere in {@code text}. */
    boolean find(CharSequence text);

    /** Whether the expression matches the whole of {@code text}. */
    boolean matchesWhole(CharSequence text);

    /** The expression as written. */
    String expression();

    /** A built-in expression, compiled by java.util.regex. */
    static TextPattern builtIn(Pattern pattern) {
        return new BuiltIn(pattern);
    }

    /**
     * A built-in pattern.
     *
     * @param pattern the compiled expression
     */
    record BuiltIn(Pattern pattern) implements TextPattern {

        @Override
        public boolean find(CharSequence text) {
            return pattern.matcher(text).find();
        }

        @Override
        public boolean matchesWhole(CharSequence text) {
            return pattern.matcher(text).matches();
        }

        @Override
        public String expression() {
            return pattern.pattern();
        }
    }
}
