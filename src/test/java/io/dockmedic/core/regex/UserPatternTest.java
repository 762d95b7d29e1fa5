package io.dockmedic.core.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.rules.Rule;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UserPatternTest {

    /** A long log line for {@code (.*a){12}$}: many a's, then something that makes the match fail at the end. */
    private static final String LONG_LINE = "a".repeat(8 * 1024) + "b";

    @Test
    void aBacktrackingRuleRunsInLinearTimeOnALongLine() {
        Rule rule = Rule.of("acme.backtrack", "application_error", "high", "(.*a){12}$", null, "", null);
        ReadBudget line = new ReadBudget(LONG_LINE, 200L * LONG_LINE.length());

        assertThat(rule.pattern().find(line)).isFalse();

        System.out.printf("figure: (.*a){12}$ on %d chars: %d character reads (%.1f per char)%n", LONG_LINE.length(),
                line.reads(), (double) line.reads() / LONG_LINE.length());
        assertThat(line.reads()).as("the engine read the line").isPositive();
    }

    @Test
    void theSameRuleOnJavaRegexWouldNotFinish() {
        // Why user patterns do not run on java.util.regex: it gives up only because the budget runs out.
        ReadBudget line = new ReadBudget(LONG_LINE, 200L * LONG_LINE.length());
        assertThatThrownBy(() -> Pattern.compile("(.*a){12}$").matcher(line).find())
                .isInstanceOf(ReadBudget.Exhausted.class);
    }

    @Test
    void userPatternsStillMatchWhatTheySay() {
        UserPattern pattern = UserPattern.compile("payment .* declined", true, "pattern");
        assertThat(pattern.find("Payment 42 DECLINED by bank")).isTrue();
        assertThat(pattern.find("payment accepted")).isFalse();
        UserPattern name = UserPattern.compile("shop-.*", false, "spec.selector.namePattern");
        assertThat(name.matchesWhole("shop-web")).isTrue();
        assertThat(name.matchesWhole("my-shop-web")).isFalse();
    }

    @Test
    void aMegabytePatternIsRejectedBeforeItIsCompiled() {
        String huge = "a".repeat(1 << 20);
        assertThatThrownBy(() -> UserPattern.compile(huge, false, "spec.selector.namePattern"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spec.selector.namePattern is 1048576 characters long; at most 1000 are allowed");
    }

    @Test
    void constructsTheLinearEngineCannotRunAreNamed() {
        assertThatThrownBy(() -> UserPattern.compile("error(?! ignored)", true, "pattern"))
                .hasMessage("pattern uses a negative lookahead (?!...), which the linear-time regular expression "
                        + "engine (RE2) does not support");
        assertThatThrownBy(() -> UserPattern.compile("(?<=user )\\w+", true, "pattern"))
                .hasMessageContaining("pattern uses a lookbehind (?<=...)");
        assertThatThrownBy(() -> UserPattern.compile("(\\w+) \\1", true, "templatePattern"))
                .hasMessageContaining("templatePattern uses a backreference \\1");
        assertThatThrownBy(() -> UserPattern.compile("a*+b", true, "pattern"))
                .hasMessageContaining("possessive quantifier *+");
        assertThatThrownBy(() -> UserPattern.compile("(unclosed", true, "pattern"))
                .hasMessageStartingWith("pattern is not a valid RE2 regular expression: ");
    }
}
