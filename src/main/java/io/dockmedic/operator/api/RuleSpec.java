package io.dockmedic.operator.api;

import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.IssueType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.rules.Severity;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A detection rule added by the user.
 *
 * @param id the rule's id
 * @param pattern the regular expression it matches against an event's message
 * @param keywords words that make the rule a candidate
 * @param severity severity of what it finds
 * @param issueType category of what it finds
 * @param suggestedAction what to do about it
 * @param fix how it can be fixed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSpec(
        @JsonPropertyDescription("Unique id of the rule, lower-case words joined by '-' or '.', e.g. "
                + "'shop.payment-declined'. Shown on the issues it finds.")
        @Required
        @Pattern("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
        @Size(max = 63)
        String id,

        @JsonPropertyDescription("Regular expression searched, ignoring case, in an event's message (the log "
                + "line without its timestamp and level), e.g. 'payment .* declined'. RE2 syntax (Java's without "
                + "lookaround or backreferences), matched in linear time.")
        @Required
        @Size(min = 1, max = 1000)
        String pattern,

        @JsonPropertyDescription("Lower-case ASCII words of which at least one must occur in the message before the "
                + "pattern is tried; they make the rule cheap on lines that cannot match. Omit to try the pattern "
                + "on every event.")
        @Size(max = 20)
        List<String> keywords,

        @JsonPropertyDescription("Severity of the issues the rule finds: CRITICAL, HIGH, MEDIUM or LOW.")
        @Required
        Severity severity,

        @JsonPropertyDescription("Category of the issues the rule finds, e.g. database or application_error "
                + "(the default).")
        @Default("application_error")
        IssueType issueType,

        @JsonPropertyDescription("What a person or agent should do about what the rule finds.")
        @Size(max = 1000)
        String suggestedAction,

        @JsonPropertyDescription("How what the rule finds can be fixed: restart, exec or agent (the default).")
        @Default("agent")
        FixType fix) {
}
