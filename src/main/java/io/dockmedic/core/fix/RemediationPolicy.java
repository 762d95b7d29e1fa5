package io.dockmedic.core.fix;

import java.util.List;

/**
 * An audit's remediation block: the mode, the budget, what may be restarted, the runbooks and the silences.
 *
 * @param mode Off, DryRun or Auto
 * @param budget how often dockmedic may act
 * @param restart the restart policy, or null for none
 * @param runbooks declared fixes, tried in order before the restart policy
 * @param silences severity changes and ignores
 */
public record RemediationPolicy(FixMode mode, FixBudget budget, RestartPolicy restart, List<Runbook> runbooks,
        List<Silence> silences) {

    public static final RemediationPolicy OFF = new RemediationPolicy(FixMode.Off, FixBudget.DEFAULT, null,
            List.of(), List.of());

    public RemediationPolicy {
        runbooks = runbooks == null ? List.of() : List.copyOf(runbooks);
        silences = silences == null ? List.of() : List.copyOf(silences);
    }
}
