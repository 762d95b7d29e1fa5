package io.dockmedic.core.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * A fix someone made for an issue: who, when, what changed, and what they learnt.
 *
 * @param by the agent, person or {@code dockmedic-operator}
 * @param at when the fix was made (RFC 3339)
 * @param summary what was done
 * @param changes the files, commits or pull requests changed
 * @param learning the cause and what fixed it, for whoever meets the issue again
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Resolution(
        @JsonPropertyDescription("Who made the fix: an agent's or person's name, or dockmedic-operator.") String by,
        @JsonPropertyDescription("When the fix was made (RFC 3339).") String at,
        @JsonPropertyDescription("What was done, in a sentence or two.") String summary,
        @JsonPropertyDescription("What changed: file paths, commit ids, pull request links.") List<String> changes,
        @JsonPropertyDescription("What the cause was and what fixed it, shown again if the issue comes back.")
        String learning) {

    public Resolution {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
