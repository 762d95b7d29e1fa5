package io.dockmedic.core.task;

import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds how many tasks one audit makes: at most {@code perAudit} in all and {@code perContainer} per
 * container identity. Issues beyond a cap fold into one overflow task per container, which counts their
 * occurrences and how many distinct issues it holds, so a log full of unique errors cannot flood the API
 * server with thousands of tasks.
 *
 * @param perAudit most tasks per audit
 * @param perContainer most tasks per container identity (its overflow task not included)
 */
public record TaskCaps(int perAudit, int perContainer) {

    public static final TaskCaps DEFAULT = new TaskCaps(500, 100);
    /** The rule id of overflow tasks. */
    public static final String OVERFLOW_RULE = "dockmedic.task-overflow";
    /** Most folded fingerprints remembered on an overflow task. */
    static final int FOLDED_LIMIT = 5000;
    private static final String OVERFLOW_PREFIX = "overflow:";

    /** Whether a fingerprint is an overflow task's. */
    public static boolean isOverflow(String fingerprint) {
        return fingerprint != null && fingerprint.startsWith(OVERFLOW_PREFIX);
    }

    /**
     * The issues to plan: those with a task, and new ones while the caps allow; the rest folded into one
     * overflow issue per container (in the order found, so the most urgent get tasks first).
     *
     * @param taskCount tasks the audit has
     * @param perContainerCount tasks per container identity
     * @param hasTask whether a fingerprint already has a task
     * @param folded receives, per overflow fingerprint, the short hashes of the fingerprints folded into it
     */
    public List<Issue> apply(List<Issue> found, int taskCount, Map<String, Integer> perContainerCount,
            java.util.function.Predicate<String> hasTask, Map<String, List<String>> folded) {
        List<Issue> kept = new ArrayList<>(found.size());
        Map<String, Issue> overflow = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>(perContainerCount);
        int total = taskCount;
        for (Issue issue : found) {
            if (hasTask.test(issue.fingerprint())) {
                kept.add(issue);
                continue;
            }
            int ofContainer = counts.getOrDefault(issue.container(), 0);
            if (total < perAudit && ofContainer < perContainer) {
                kept.add(issue);
                counts.put(issue.container(), ofContainer + 1);
                total++;
                continue;
            }
            String key = OVERFLOW_PREFIX + issue.container();
            overflow.merge(key, asOverflow(key, issue), TaskCaps::combine);
            folded.computeIfAbsent(key, k -> new ArrayList<>()).add(shortHash(issue.fingerprint()));
        }
        kept.addAll(overflow.values());
        return kept;
    }

    /** The fingerprints folded so far plus the new ones, without repeats, at most {@value #FOLDED_LIMIT}. */
    static List<String> foldedUnion(List<String> before, List<String> added) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(before == null ? List.of() : before);
        for (String hash : added) {
            if (all.size() >= FOLDED_LIMIT) {
                break;
            }
            all.add(hash);
        }
        return List.copyOf(all);
    }

    private Issue asOverflow(String fingerprint, Issue issue) {
        return new Issue(fingerprint, issue.container(), issue.containerName(), issue.containerId(), issue.image(),
                issue.service(), issue.severity(), Category.APPLICATION_ERROR, issue.source(),
                "More distinct issues in " + issue.container() + " than the " + perContainer + " tasks a container "
                        + "may have (" + perAudit + " per audit): they are counted here",
                issue.firstSample(), issue.lastSample(), issue.occurrences(), issue.firstSeen(), issue.lastSeen(),
                OVERFLOW_RULE, "Look at the samples: a log full of distinct errors usually means one cause (a "
                        + "crash loop, a failing dependency) or a log format the miner cannot group.",
                FixKind.AGENT, issue.priority());
    }

    private static Issue combine(Issue a, Issue b) {
        Severity worst = a.severity().compareTo(b.severity()) <= 0 ? a.severity() : b.severity();
        Issue first = a.firstSeen().isAfter(b.firstSeen()) ? b : a;
        Issue last = a.lastSeen().isBefore(b.lastSeen()) ? b : a;
        Instant firstSeen = first.firstSeen();
        return new Issue(a.fingerprint(), a.container(), last.containerName(), last.containerId(), last.image(),
                a.service(), worst, a.category(), a.source(), a.template(), first.firstSample(), last.lastSample(),
                a.occurrences() + b.occurrences(), firstSeen, last.lastSeen(), a.ruleId(), a.suggestedAction(),
                a.fix(), Math.min(a.priority(), b.priority()));
    }

    private static String shortHash(String fingerprint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
