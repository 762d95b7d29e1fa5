package io.dockmedic.core.task;

import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code dockmedic report} writes, projected from RemediationTasks: the issues (as the scan's audit
 * report lists them, with the task's phase), every automatic fix attempt, every history entry, and every
 * fix that left a learning, each list in its documented order. Times are normalised to UTC when they parse
 * and kept as written when they do not, so an odd value written by an agent is shown, not lost.
 *
 * @param generatedAt when the report was made
 * @param issues every task, those needing attention first in priority order, then the others
 * @param attempts every fix attempt, oldest first
 * @param progress every history entry, oldest first
 * @param learnings every resolution or previous fix with a learning, oldest first
 */
public record TaskReport(Instant generatedAt, List<IssueEntry> issues, List<AttemptEntry> attempts,
        List<ProgressEntry> progress, List<LearningEntry> learnings) {

    /**
     * A task read from a namespace.
     *
     * @param namespace where it lives
     * @param task the task
     */
    public record InNamespace(String namespace, StoredTask task) {
    }

    /**
     * One issue as the audit report lists it.
     *
     * @param namespace the task's namespace
     * @param task the task's name
     * @param fingerprint the issue's stable id
     * @param container the container's name where it was last seen (the identity when never seen by name)
     * @param containerId that container's id
     * @param image its image
     * @param service the compose service, when the identity is {@code project/service}
     * @param severity the reported severity (a silence's lowered one, else the highest seen)
     * @param issueType the category id
     * @param source {@code log} or {@code state}
     * @param template the masked message
     * @param logExcerpt the latest sample, else the first
     * @param occurrences how often it happened
     * @param firstSeen first occurrence
     * @param lastSeen latest occurrence
     * @param suggestedAction what to do
     * @param fix {@code restart}, {@code exec} or {@code agent}; {@code agent} once an automatic fix failed
     * @param priority 1.. among the tasks needing attention, 0 for the others
     * @param phase the task's phase
     * @param needsAttention whether it is open and not silenced away
     */
    public record IssueEntry(String namespace, String task, String fingerprint, String container,
            String containerId, String image, String service, Severity severity, String issueType, String source,
            String template, String logExcerpt, long occurrences, String firstSeen, String lastSeen,
            String suggestedAction, String fix, int priority, String phase, boolean needsAttention) {

        /** Whether dockmedic can fix it by itself (restart or exec). */
        public boolean automatic() {
            return FixKind.RESTART.id().equals(fix) || FixKind.EXEC.id().equals(fix);
        }
    }

    /**
     * One automatic fix attempt of one task.
     *
     * @param namespace the task's namespace
     * @param task the task's name
     * @param fingerprint the issue's fingerprint
     * @param attempt the attempt as recorded, its times normalised
     */
    public record AttemptEntry(String namespace, String task, String fingerprint, FixAttempt attempt) {
    }

    /**
     * One history entry of one task.
     *
     * @param namespace the task's namespace
     * @param task the task's name
     * @param entry the entry as recorded, its time normalised
     */
    public record ProgressEntry(String namespace, String task, HistoryEntry entry) {
    }

    /**
     * One fix that left a learning.
     *
     * @param namespace the task's namespace
     * @param task the task's name
     * @param fingerprint the issue's fingerprint
     * @param container the container identity
     * @param issueType the category id
     * @param kind {@code resolution} (the task's current fix) or {@code previous_fix} (one that did not hold)
     * @param phase the task's phase now
     * @param fix the fix as recorded, its time normalised
     */
    public record LearningEntry(String namespace, String task, String fingerprint, String container,
            String issueType, String kind, String phase, Resolution fix) {
    }

    /** {@link LearningEntry#kind()} of the fix being verified or that resolved the task. */
    public static final String RESOLUTION = "resolution";
    /** {@link LearningEntry#kind()} of an earlier fix that did not hold. */
    public static final String PREVIOUS_FIX = "previous_fix";

    // The scan's Prioritizer order on the reported severity, then the task's place for ties across namespaces.
    private static final Comparator<IssueEntry> PRIORITY = Comparator
            .comparing(IssueEntry::severity, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> instant(e.lastSeen()), Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Comparator.comparingLong(IssueEntry::occurrences).reversed())
            .thenComparing(IssueEntry::container, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(IssueEntry::fingerprint, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(IssueEntry::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(IssueEntry::task);

    /** The report of {@code tasks}, made at {@code now}. */
    public static TaskReport of(List<InNamespace> tasks, Instant now) {
        List<IssueEntry> open = new ArrayList<>();
        List<IssueEntry> closed = new ArrayList<>();
        List<Timed<AttemptEntry>> attempts = new ArrayList<>();
        List<Timed<ProgressEntry>> progress = new ArrayList<>();
        List<Timed<LearningEntry>> learnings = new ArrayList<>();
        for (InNamespace in : tasks) {
            StoredTask task = in.task();
            if (task.spec() == null) {
                continue; // not a task dockmedic created: nothing to report about it
            }
            IssueEntry entry = issue(in.namespace(), task);
            (entry.needsAttention() ? open : closed).add(entry);
            RemediationTaskStatus s = task.statusOrEmpty();
            String ns = in.namespace();
            String fingerprint = task.spec().fingerprint();
            for (FixAttempt a : list(s.attempts())) {
                FixAttempt normalised = new FixAttempt(a.number(), a.action(), a.policy(), a.container(),
                        a.containerId(), a.argv(), a.user(), a.dryRun(), time(a.startedAt()), time(a.finishedAt()),
                        a.result(), a.exitCode(), a.output(), a.message());
                attempts.add(new Timed<>(instant(a.startedAt()), ns, task.name(), a.number(),
                        new AttemptEntry(ns, task.name(), fingerprint, normalised)));
            }
            List<HistoryEntry> history = list(s.history());
            for (int i = 0; i < history.size(); i++) {
                HistoryEntry h = history.get(i);
                progress.add(new Timed<>(instant(h.time()), ns, task.name(), i, new ProgressEntry(ns, task.name(),
                        new HistoryEntry(time(h.time()), h.phase(), h.reason(), h.message(), h.actor()))));
            }
            List<Resolution> fixes = list(s.previousFixes());
            for (int i = 0; i < fixes.size(); i++) {
                learning(learnings, ns, task, PREVIOUS_FIX, i, fixes.get(i));
            }
            if (s.resolution() != null) {
                learning(learnings, ns, task, RESOLUTION, fixes.size(), s.resolution());
            }
        }
        open.sort(PRIORITY);
        closed.sort(PRIORITY);
        List<IssueEntry> issues = new ArrayList<>(open.size() + closed.size());
        for (int i = 0; i < open.size(); i++) {
            issues.add(withPriority(open.get(i), i + 1));
        }
        closed.forEach(e -> issues.add(withPriority(e, 0)));
        return new TaskReport(now, List.copyOf(issues), sorted(attempts), sorted(progress), sorted(learnings));
    }

    /** The entries of the issues that need attention, in priority order. */
    public List<IssueEntry> needingAttention() {
        return issues.stream().filter(IssueEntry::needsAttention).toList();
    }

    private static IssueEntry issue(String namespace, StoredTask task) {
        RemediationTaskSpec spec = task.spec();
        RemediationTaskStatus s = task.statusOrEmpty();
        Severity severity = s.severity() != null ? s.reportedSeverity() : spec.severity();
        String fix = s.phase() == TaskPhase.Failed ? FixKind.AGENT.id()
                : spec.fixKind() == null ? FixKind.AGENT.id() : spec.fixKind().kind().id();
        String identity = spec.container();
        String service = identity != null && identity.indexOf('/') > 0
                ? identity.substring(identity.lastIndexOf('/') + 1) : null;
        return new IssueEntry(namespace, task.name(), spec.fingerprint(),
                s.containerName() != null ? s.containerName() : identity, s.containerId(), s.image(), service,
                severity, spec.issueType() == null ? null : spec.issueType().category().id(),
                spec.source() == null ? null : spec.source().name().toLowerCase(Locale.ROOT),
                spec.template(), s.lastSample() != null ? s.lastSample() : s.firstSample(),
                s.occurrences() == null ? 0 : s.occurrences(), time(s.firstSeen()), time(s.lastSeen()),
                spec.suggestedAction(), fix, 0, s.phase() == null ? null : s.phase().name(),
                s.phase() == null || s.needsAttention());
    }

    private static IssueEntry withPriority(IssueEntry e, int priority) {
        return new IssueEntry(e.namespace(), e.task(), e.fingerprint(), e.container(), e.containerId(), e.image(),
                e.service(), e.severity(), e.issueType(), e.source(), e.template(), e.logExcerpt(), e.occurrences(),
                e.firstSeen(), e.lastSeen(), e.suggestedAction(), e.fix(), priority, e.phase(), e.needsAttention());
    }

    private static void learning(List<Timed<LearningEntry>> learnings, String ns, StoredTask task, String kind,
            int index, Resolution fix) {
        if (fix.learning() == null || fix.learning().isBlank()) {
            return;
        }
        RemediationTaskSpec spec = task.spec();
        TaskPhase phase = task.phase();
        learnings.add(new Timed<>(instant(fix.at()), ns, task.name(), index, new LearningEntry(ns, task.name(),
                spec.fingerprint(), spec.container(),
                spec.issueType() == null ? null : spec.issueType().category().id(), kind,
                phase == null ? null : phase.name(),
                new Resolution(fix.by(), time(fix.at()), fix.summary(), fix.changes(), fix.learning()))));
    }

    /** An entry with what orders it: its time (unparsable last), then its task, then its place in the task. */
    private record Timed<T>(Instant at, String namespace, String task, int index, T value) {
    }

    private static <T> List<T> sorted(List<Timed<T>> entries) {
        entries.sort(Comparator.comparing((Timed<T> t) -> t.at(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Timed::namespace, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Timed::task).thenComparingInt(Timed::index));
        return entries.stream().map(Timed::value).toList();
    }

    private static <T> List<T> list(List<T> maybe) {
        return maybe == null ? List.of() : maybe.stream().filter(Objects::nonNull).toList();
    }

    /** An RFC 3339 time as an instant, or null when absent or unparsable. */
    static Instant instant(String time) {
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An RFC 3339 time in UTC with a Z; a value that does not parse is kept as written. */
    static String time(String time) {
        Instant instant = instant(time);
        return instant == null ? time : instant.toString();
    }
}
