package io.dockmedic.report;

import io.dockmedic.core.issue.Issue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Short ids for people: {@code DM-} and the first 8 hex digits of the fingerprint, so an issue keeps
 * its id from scan to scan. When two issues of one report share those 8 digits (a 1 in 4 billion
 * chance per pair), both get the whole 16-digit fingerprint instead.
 */
final class IssueIds {

    private static final int SHORT = 8;

    private final Map<String, Integer> prefixCounts = new HashMap<>();

    IssueIds(List<Issue> issues) {
        for (Issue issue : issues) {
            prefixCounts.merge(prefix(issue.fingerprint()), 1, Integer::sum);
        }
    }

    String idOf(Issue issue) {
        String prefix = prefix(issue.fingerprint());
        return "DM-" + (prefixCounts.getOrDefault(prefix, 0) > 1 ? issue.fingerprint() : prefix);
    }

    private static String prefix(String fingerprint) {
        return fingerprint.length() <= SHORT ? fingerprint : fingerprint.substring(0, SHORT);
    }
}
