package io.dockmedic.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dockmedic.core.fix.FixMode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The automatic-fix part of a LogAudit: mode, budget, restarts, runbooks, silences.
 *
 * @param mode Off, DryRun or Auto
 * @param budget how often dockmedic may act
 * @param restart which containers may be restarted, for which issues
 * @param runbooks declared fixes
 * @param silences severity changes and ignores
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RemediationSpec(
        @JsonPropertyDescription("Off (the default): nothing is done. DryRun: every decision is made and recorded in "
                + "the tasks' status.attempts and as Events exactly as in Auto, and nothing is touched. Auto: "
                + "decisions are carried out.")
        @Default("Off")
        FixMode mode,

        @JsonPropertyDescription("How often dockmedic may act; counted from the attempts recorded in the tasks, so "
                + "a restarted operator neither forgets nor repeats.")
        FixBudgetSpec budget,

        @JsonPropertyDescription("Which containers may be restarted and for which issues. Only containers with the "
                + "label dockmedic.io/auto-restart=true or selected here are ever restarted.")
        RestartSpec restart,

        @JsonPropertyDescription("Named fixes for matching issues, tried in order before the restart policy: an "
                + "exec of a fixed argv in a container, or a restart.")
        @Size(max = 50)
        List<RunbookSpec> runbooks,

        @JsonPropertyDescription("Lower the severity of matching issues or ignore them, with a reason and an "
                + "optional expiry. Occurrences are still counted.")
        @Size(max = 200)
        List<SilenceSpec> silences) {

    public RemediationSpec {
        runbooks = runbooks == null ? List.of() : List.copyOf(runbooks);
        silences = silences == null ? List.of() : List.copyOf(silences);
    }
}
