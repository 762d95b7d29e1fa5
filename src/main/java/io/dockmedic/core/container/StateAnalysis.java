package io.dockmedic.core.container;

import java.util.List;

/**
 * The outcome of analyzing one container's state.
 *
 * @param findings problems found, new or still holding
 * @param marks what to remember for the next scan
 */
public record StateAnalysis(List<StateFinding> findings, StateMarks marks) {
    public StateAnalysis {
        findings = List.copyOf(findings);
    }
}
