package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerSelector;
import java.time.Instant;

/**
 * What one scan covers.
 *
 * @param selector which containers to scan
 * @param since where reading starts for containers {@code resumeFrom} does not know (null: the whole log);
 *     exits and restarts of those containers before it are history, not issues
 * @param resumeFrom the state returned by the previous scan, or null for a first (or one-shot) scan
 */
public record ScanRequest(ContainerSelector selector, Instant since, ScanState resumeFrom) {

    public ScanRequest {
        selector = selector == null ? ContainerSelector.all() : selector;
        since = since == null ? Instant.EPOCH : since;
        resumeFrom = resumeFrom == null ? ScanState.EMPTY : resumeFrom;
    }
}
