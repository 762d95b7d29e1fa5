package io.dockmedic.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Short ids for people: {@code DM-} and the first 8 hex digits of the fingerprint, so an issue keeps
 * its id from scan to scan. When two fingerprints of one report share those 8 digits (a 1 in 4 billion
 * chance per pair), both get the whole 16-digit fingerprint instead.
 */
final class IssueIds {

    private static final int SHORT = 8;

    private final Map<String, Integer> prefixCounts = new HashMap<>();

    /** Ids for the fingerprints of one report; the same fingerprint twice (two audits) is one fingerprint. */
    IssueIds(Collection<String> fingerprints) {
        for (String fingerprint : new LinkedHashSet<>(fingerprints)) {
            prefixCounts.merge(prefix(fingerprint), 1, Integer::sum);
        }
    }

    String idOf(String fingerprint) {
        String prefix = prefix(fingerprint);
        return "DM-" + (prefixCounts.getOrDefault(prefix, 0) > 1 ? fingerprint : prefix);
    }

    private static String prefix(String fingerprint) {
        return fingerprint.length() <= SHORT ? fingerprint : fingerprint.substring(0, SHORT);
    }
}
