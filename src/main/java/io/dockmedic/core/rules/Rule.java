package io.dockmedic.core.rules;

import io.dockmedic.core.regex.TextPattern;
import io.dockmedic.core.regex.UserPattern;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A detection rule: when an event's message matches, the event is a problem of this category and severity.
 *
 * <p>A rule is a candidate for an event only when one of its {@code keywords} occurs in the message
 * (ASCII, case-insensitive); only then is its {@code pattern} tried. That keyword prefilter keeps the
 * catalogue cheap on lines that mention nothing alarming. A rule without a pattern matches on a keyword
 * alone; a rule without keywords is tried on every event its scope admits.
 *
 * @param id stable identifier, e.g. {@code db.deadlock}; overrides refer to it
 * @param category what kind of problem a match is
 * @param severity how bad a match is
 * @param keywords lower-case ASCII substrings, any of which makes the rule a candidate
 * @param pattern a case-insensitive regular expression that must also be found, or null; users' rules run
 *     on the linear-time engine ({@link UserPattern})
 * @param scope which events the rule looks at
 * @param suggestedAction what a person or agent should do about a match
 * @param fix how a match can be fixed
 */
public record Rule(
        String id,
        Category category,
        Severity severity,
        List<String> keywords,
        TextPattern pattern,
        Scope scope,
        String suggestedAction,
        FixKind fix) {

    /** Which events a rule looks at. */
    public enum Scope {
        /** Any event that may be an issue (WARN, ERROR, FATAL, or without a level). */
        EVENTS,
        /** Only events that carry a stack trace. */
        STACK_TRACES,
        /** Only events whose writer stated no level: the weakest evidence, tried after all other rules. */
        UNLEVELLED
    }

    public Rule {
        requireText(id, "id");
        Objects.requireNonNull(category, "category of rule " + id);
        Objects.requireNonNull(severity, "severity of rule " + id);
        Objects.requireNonNull(scope, "scope of rule " + id);
        Objects.requireNonNull(fix, "fix of rule " + id);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        for (String keyword : keywords) {
            if (keyword.isEmpty() || !keyword.chars().allMatch(c -> c < 128)) {
                throw new IllegalArgumentException("rule " + id + ": keyword '" + keyword
                        + "' must be non-empty ASCII (use the pattern for other text)");
            }
            if (!keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("rule " + id + ": keyword '" + keyword + "' must be lower case");
            }
        }
        if (keywords.isEmpty() && pattern == null && scope != Scope.STACK_TRACES) {
            throw new IllegalArgumentException("rule " + id + " needs keywords or a pattern");
        }
        suggestedAction = suggestedAction == null ? "" : suggestedAction;
    }

    /** A built-in rule, its pattern compiled by java.util.regex (a test bounds each one's cost). */
    public Rule(String id, Category category, Severity severity, List<String> keywords, Pattern pattern, Scope scope,
            String suggestedAction, FixKind fix) {
        this(id, category, severity, keywords, pattern == null ? null : TextPattern.builtIn(pattern), scope,
                suggestedAction, fix);
    }

    /**
     * A rule as users write it (e.g. in a LogAudit): a regular expression (RE2 syntax, run in linear time)
     * with optional keywords. Keywords are lower-cased; a bad expression is reported with the rule id.
     */
    public static Rule of(String id, String category, String severity, String regex, List<String> keywords,
            String suggestedAction, String fix) {
        requireText(id, "id");
        TextPattern pattern = null;
        if (regex != null && !regex.isBlank()) {
            try {
                pattern = UserPattern.compile(regex, true, "pattern");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule " + id + ": " + e.getMessage(), e);
            }
        }
        List<String> lowered = keywords == null ? List.of()
                : keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        FixKind fixKind = fix == null || fix.isBlank() ? FixKind.AGENT : parseFix(id, fix);
        return new Rule(id, Category.parse(category), Severity.parse(severity), lowered, pattern, Scope.EVENTS,
                suggestedAction, fixKind);
    }

    /** Whether the rule matches {@code text}; the caller has already checked keywords and scope. */
    boolean patternFinds(CharSequence text) {
        return pattern == null || pattern.find(text);
    }

    private static FixKind parseFix(String id, String fix) {
        try {
            return FixKind.valueOf(fix.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule " + id + ": unknown fix '" + fix + "' (expected restart, exec or agent)", e);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a rule needs a non-empty " + what);
        }
    }
}
