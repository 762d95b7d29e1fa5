package io.dockmedic.audit;

import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.scan.ScanPolicy;
import io.dockmedic.core.scan.Scanner;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One {@link Scanner} per LogAudit, kept between scans: log fingerprints come from the scanner's template
 * miner, so the same miner must see every scan of an audit. A spec change gets a new scanner with the
 * new policy but the same miner, so fingerprints survive edits of the spec; {@link TemplateArchive} makes
 * them survive restarts.
 */
public final class AuditScanners {

    private static final class Held {
        final long generation;
        final TemplateMiner miner;
        final Scanner scanner;
        Set<String> savedPins;

        Held(long generation, TemplateMiner miner, Scanner scanner, Set<String> savedPins) {
            this.generation = generation;
            this.miner = miner;
            this.scanner = scanner;
            this.savedPins = savedPins;
        }
    }

    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public AuditScanners(Clock clock) {
        this.clock = clock;
    }

    /**
     * The scanner for the audit identified by {@code key} at spec {@code generation}; the first one of
     * this process starts from {@code savedMiner}.
     */
    public Scanner scanner(String key, long generation, ScanPolicy policy, Supplier<TemplateMiner> savedMiner) {
        return held.compute(key, (k, current) -> {
            if (current != null && current.generation == generation) {
                return current;
            }
            TemplateMiner miner = current == null ? savedMiner.get() : current.miner;
            Set<String> saved = current == null ? Set.copyOf(miner.snapshot().pinnedIds()) : current.savedPins;
            return new Held(generation, miner, new Scanner(policy, miner, clock), saved);
        }).scanner;
    }

    /**
     * The audit's miner when it pinned templates (of newly reported issues) since it was last saved;
     * call {@link #saved} once it is stored.
     */
    public Optional<MinerSnapshot> unsaved(String key) {
        Held current = held.get(key);
        if (current == null) {
            return Optional.empty();
        }
        MinerSnapshot snapshot = current.miner.snapshot();
        return Set.copyOf(snapshot.pinnedIds()).equals(current.savedPins) ? Optional.empty() : Optional.of(snapshot);
    }

    /** Records that {@code snapshot} of the audit's miner is stored. */
    public void saved(String key, MinerSnapshot snapshot) {
        Held current = held.get(key);
        if (current != null) {
            current.savedPins = Set.copyOf(snapshot.pinnedIds());
        }
    }

    /** Forgets the scanners of audits that no longer exist. */
    public void retain(Set<String> keys) {
        held.keySet().retainAll(keys);
    }
}
