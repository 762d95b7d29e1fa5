package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerStateAnalyzer;
import io.dockmedic.core.rules.RuleCatalog;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.rules.SeverityOverride;
import java.util.List;
import java.util.Objects;

/**
 * How a scan judges what it reads.
 *
 * @param catalog the rules (built-in plus the user's)
 * @param overrides the user's severity overrides; the first matching one wins
 * @param minSeverity issues below it are left out of reports
 * @param restartLoopThreshold restarts by the restart policy from which a container counts as looping
 */
public record ScanPolicy(RuleCatalog catalog, List<SeverityOverride> overrides, Severity minSeverity,
        int restartLoopThreshold) {

    public ScanPolicy {
        Objects.requireNonNull(catalog, "catalog");
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
        if (restartLoopThreshold < 1) {
            throw new IllegalArgumentException("restartLoopThreshold must be at least 1, got " + restartLoopThreshold);
        }
    }

    /** The built-in rules, no overrides, every severity, the default restart-loop threshold. */
    public static ScanPolicy defaults() {
        return new ScanPolicy(RuleCatalog.builtIn(), List.of(), Severity.LOW,
                ContainerStateAnalyzer.DEFAULT_RESTART_LOOP_THRESHOLD);
    }
}
