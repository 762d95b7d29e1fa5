package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.regex.ReadBudget;
import io.dockmedic.core.regex.TextPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules and benign guards stay on java.util.regex (a backtracking engine) only because their
 * cost on adversarial lines is linear: on lines made to provoke backtracking, twice the line costs about
 * twice the character reads (a quadratic pattern costs four times, an exponential one never finishes).
 */
class BuiltInPatternCostTest {

    /** The longest message rules see (LevelDetector cuts messages there). */
    private static final int LENGTH = 4096;
    /** Reads per character that stop a runaway pattern: far above what any linear one needs here. */
    private static final int BUDGET_PER_CHAR = 2_000;

    @Test
    void everyBuiltInPatternIsLinearOnAdversarialLines() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (Rule rule : RuleCatalog.builtIn().rules()) {
            if (rule.pattern() instanceof TextPattern.BuiltIn builtIn) {
                patterns.put(rule.id(), builtIn.pattern());
            }
        }
        List<Pattern> guards = BuiltInRules.benignGuards();
        for (int i = 0; i < guards.size(); i++) {
            patterns.put("benign-guard-" + i, guards.get(i));
        }
        assertThat(patterns).hasSizeGreaterThan(50);

        List<String> failures = new ArrayList<>();
        String worst = null;
        double worstPerChar = 0;
        for (Map.Entry<String, Pattern> entry : patterns.entrySet()) {
            for (String unit : adversarialUnits(entry.getValue().pattern())) {
                long half = reads(entry.getValue(), repeat(unit, LENGTH / 2));
                long full = reads(entry.getValue(), repeat(unit, LENGTH));
                if (half < 0 || full < 0 || full > 3 * half + 4 * LENGTH) {
                    failures.add(entry.getKey() + " on '" + unit + "' repeated: " + half + " reads at " + LENGTH / 2
                            + " chars, " + full + " at " + LENGTH + " (-1: over " + BUDGET_PER_CHAR + " per char)");
                    continue;
                }
                if ((double) full / LENGTH > worstPerChar) {
                    worstPerChar = (double) full / LENGTH;
                    worst = entry.getKey() + " on '" + unit + "' repeated";
                }
            }
        }
        System.out.printf("figure: %d built-in patterns on %d-char adversarial lines: at most %.1f reads per char "
                + "(%s)%n", patterns.size(), LENGTH, worstPerChar, worst);
        assertThat(failures).as("patterns whose cost grows faster than the line").isEmpty();
    }

    /** Character reads of one search, or -1 when it ran over the budget. */
    private static long reads(Pattern pattern, String line) {
        ReadBudget text = new ReadBudget(line, (long) BUDGET_PER_CHAR * line.length());
        try {
            pattern.matcher(text).find();
            return text.reads();
        } catch (ReadBudget.Exhausted | StackOverflowError e) {
            return -1;
        }
    }

    /**
     * What adversarial lines are made of: runs of one character class, separators the patterns allow
     * between words, and the pattern's own words (partial matches everywhere).
     */
    private static Set<String> adversarialUnits(String regex) {
        Set<String> units = new LinkedHashSet<>(List.of("a", " ", "0", "1.", "=", ":", "\"", "-", "/", "_", "\t",
                "\u00e9", "error ", "failed ", "a ", "0 ", "x=", "error: ", "Error(", "(", ")", "[", "'"));
        String words = regex.toLowerCase(Locale.ROOT).replaceAll("\\\\[a-z]", " ").replaceAll("[^a-z0-9 _-]+", " ")
                .trim().replaceAll(" +", " ");
        if (!words.isEmpty()) {
            units.add(words + " ");
            units.add(words.replace(" ", ""));
            for (String word : words.split(" ")) {
                units.add(word + " ");
                units.add(word);
            }
        }
        return units;
    }

    private static String repeat(String unit, int length) {
        return unit.repeat(length / unit.length() + 1).substring(0, length);
    }
}
