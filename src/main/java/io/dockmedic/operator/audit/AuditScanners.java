package io.dockmedic.operator.audit;

import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.scan.Scanner;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Scanner} per LogAudit, kept between scans: log fingerprints come from the scanner's template
 * miner, so the same miner must see every scan of an audit. A spec change gets a new scanner with the
 * new policy but the same miner, so fingerprints survive edits of the spec.
 */
public final class AuditScanners {

    private record Held(long generation, TemplateMiner miner, Scanner scanner) {
    }

    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public AuditScanners(Clock clock) {
        this.clock = clock;
    }

    /** The scanner for the audit identified by {@code key} at spec {@code generation}. */
    public Scanner scanner(String key, long generation, ScanPolicy policy) {
        return held.compute(key, (k, current) -> {
            if (current != null && current.generation() == generation) {
                return current;
            }
            TemplateMiner miner = current == null ? new TemplateMiner() : current.miner();
            return new Held(generation, miner, new Scanner(policy, miner, clock));
        }).scanner();
    }

    /** Forgets the scanners of audits that no longer exist. */
    public void retain(Set<String> keys) {
        held.keySet().retainAll(keys);
    }
}
