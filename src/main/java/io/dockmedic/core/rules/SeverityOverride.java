package io.dockmedic.core.rules;

import io.dockmedic.core.regex.TextPattern;
import io.dockmedic.core.regex.UserPattern;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's correction of what the rules decided: issues it matches get another severity, or are ignored.
 * Every criterion given must hold; at least one is required. In a list, the first matching override wins.
 *
 * @param ruleId the rule id the issue was classified by (e.g. {@code db.duplicate-key}, {@code state.unhealthy}), or null
 * @param category the category, or null
 * @param templateContains text the template must contain (case-insensitive), or null
 * @param templatePattern a regular expression (run in linear time) found in the template, or null
 * @param severity the new severity, or null to ignore matching issues
 */
public record SeverityOverride(
        String ruleId, Category category, String templateContains, TextPattern templatePattern, Severity severity) {

    public static final String IGNORE = "IGNORE";

    public SeverityOverride {
        ruleId = blankToNull(ruleId);
        templateContains = blankToNull(templateContains);
        if (ruleId == null && category == null && templateContains == null && templatePattern == null) {
            throw new IllegalArgumentException(
                    "a severity override needs at least one of: rule, category, template, templatePattern");
        }
    }

    /**
     * An override as users write it; {@code severity} is a severity name or {@code IGNORE}. Invalid input is
     * reported with what was wrong.
     */
    public static SeverityOverride of(String ruleId, String category, String templateContains, String templateRegex,
            String severity) {
        if (severity == null || severity.isBlank()) {
            throw new IllegalArgumentException("a severity override needs a severity (CRITICAL, HIGH, MEDIUM, LOW or IGNORE)");
        }
        Severity target = severity.trim().toUpperCase(Locale.ROOT).equals(IGNORE) ? null : Severity.parse(severity);
        TextPattern pattern = templateRegex == null || templateRegex.isBlank() ? null
                : UserPattern.compile(templateRegex, true, "templatePattern");
        Category cat = category == null || category.isBlank() ? null : Category.parse(category);
        return new SeverityOverride(ruleId, cat, templateContains, pattern, target);
    }

    /** Whether this override applies to an issue classified by {@code ruleId} into {@code category} with {@code template}. */
    public boolean matches(String ruleId, Category category, String template) {
        return (this.ruleId == null || this.ruleId.equals(ruleId))
                && (this.category == null || this.category == category)
                && (templateContains == null
                        || template.toLowerCase(Locale.ROOT).contains(templateContains.toLowerCase(Locale.ROOT)))
                && (templatePattern == null || templatePattern.find(template));
    }

    /**
     * The severity after the first matching override in {@code overrides}: {@code severity} itself when none
     * matches, empty when the matching override ignores the issue.
     */
    public static Optional<Severity> apply(List<SeverityOverride> overrides, String ruleId, Category category,
            String template, Severity severity) {
        for (SeverityOverride override : overrides) {
            if (override.matches(ruleId, category, template)) {
                return Optional.ofNullable(override.severity);
            }
        }
        return Optional.of(severity);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
