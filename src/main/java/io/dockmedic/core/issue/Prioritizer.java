package io.dockmedic.core.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Puts issues in one deterministic order: severity (worst first), then recency (newest last occurrence
 * first), then frequency (most occurrences first), then container identity and fingerprint, so equal
 * inputs always give equal ranks.
 */
public final class Prioritizer {

    /** Issues compare equal only when they have the same fingerprint and container. */
    private static final Comparator<Issue> ORDER = Comparator
            .comparing(Issue::severity)
            .thenComparing(Issue::lastSeen, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Comparator.comparingLong(Issue::occurrences).reversed())
            .thenComparing(Issue::container)
            .thenComparing(Issue::fingerprint);

    private Prioritizer() {
    }

    /** The issues sorted by {@link #ORDER} with priorities 1..n. */
    public static List<Issue> rank(Collection<Issue> issues) {
        List<Issue> sorted = new ArrayList<>(issues);
        sorted.sort(ORDER);
        List<Issue> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            ranked.add(sorted.get(i).withPriority(i + 1));
        }
        return ranked;
    }
}
