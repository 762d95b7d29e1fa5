package io.dockmedic.core.issue;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.FixKind;
import io.dockmedic.core.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds occurrences into issues by fingerprint: count, first and last seen, worst severity, first and last
 * sample. Memory grows with the number of distinct issues, never with the number of lines; past
 * {@code maxIssues} distinct issues, or once the issues' estimated size reaches {@code maxBytes}, new
 * fingerprints are counted as dropped instead of stored (occurrences of issues already held still count).
 */
public final class IssueLedger {

    /** Default cap on a sample's length: a stack trace of a few dozen frames fits whole. */
    public static final int DEFAULT_SAMPLE_CHARS = 4096;
    /** The mark the log core leaves where it cut a line that was too long, with how much it dropped. */
    private static final Pattern EARLIER_CUT = Pattern.compile(" …\\[\\+(\\d{1,18}) chars]");
    /** Default cap on distinct issues in one ledger. */
    public static final int DEFAULT_MAX_ISSUES = 10_000;

    /** Distinct dropped fingerprints counted exactly up to this many; beyond it the count is a lower bound. */
    public static final int DROPPED_TRACKED = 10_000;

    private final int maxIssues;
    private final int sampleChars;
    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> droppedFingerprints = new HashSet<>();
    private long dropped;
    private long bytes;

    /** A ledger with the default caps, its size cap an eighth of this JVM's maximum heap. */
    public IssueLedger() {
        this(DEFAULT_MAX_ISSUES, DEFAULT_SAMPLE_CHARS, Runtime.getRuntime().maxMemory() / 8);
    }

    public IssueLedger(int maxIssues, int sampleChars) {
        this(maxIssues, sampleChars, Long.MAX_VALUE);
    }

    /**
     * A ledger of at most {@code maxIssues} distinct issues whose estimated size (samples and the newest
     * event of each) stays under {@code maxBytes}.
     */
    public IssueLedger(int maxIssues, int sampleChars, long maxBytes) {
        if (maxIssues < 1 || sampleChars < 64 || maxBytes < 1) {
            throw new IllegalArgumentException("maxIssues must be >= 1, sampleChars >= 64 and maxBytes >= 1");
        }
        this.maxIssues = maxIssues;
        this.sampleChars = sampleChars;
        this.maxBytes = maxBytes;
    }

    /** Adds an occurrence; returns false when it was dropped because the ledger is full. */
    public boolean record(Occurrence occurrence) {
        Entry entry = entries.get(occurrence.fingerprint());
        if (entry == null) {
            if (entries.size() >= maxIssues || bytes >= maxBytes) {
                dropped += occurrence.count();
                if (droppedFingerprints.size() < DROPPED_TRACKED) {
                    droppedFingerprints.add(occurrence.fingerprint());
                }
                return false;
            }
            entry = new Entry(occurrence, sampleChars);
            bytes += entry.bytes;
            entries.put(occurrence.fingerprint(), entry);
            return true;
        }
        entry.add(occurrence, sampleChars);
        return true;
    }

    /**
     * Moves the issue recorded under {@code from} into the one identified by {@code into}, adding up the two
     * when both exist; the result shows {@code into}'s fingerprint and template. Does nothing when nothing was
     * recorded under {@code from}. Used for log issues whose templates merged after they were recorded.
     */
    public void fold(String from, Fingerprint into) {
        Entry entry = entries.get(from);
        if (entry == null) {
            return;
        }
        if (!from.equals(into.id())) {
            entries.remove(from);
            Entry existing = entries.get(into.id());
            if (existing == null) {
                entries.put(into.id(), entry);
            } else {
                bytes -= entry.bytes;
                entry = existing.merge(entry);
            }
        }
        entry.last = entry.last.as(into);
    }

    /** Occurrences not recorded because the ledger was full. */
    public long dropped() {
        return dropped;
    }

    /**
     * Distinct fingerprints whose occurrences were dropped, counted exactly up to
     * {@value #DROPPED_TRACKED} (a lower bound beyond).
     */
    public long droppedIssues() {
        return droppedFingerprints.size();
    }

    /** Distinct issues held. */
    public int size() {
        return entries.size();
    }

    /** The template shown for the issue held under {@code fingerprint}, or null when none is. */
    public String template(String fingerprint) {
        Entry entry = entries.get(fingerprint);
        return entry == null ? null : entry.last.template();
    }

    /**
     * The issues recorded so far, unranked (priority 0), in order of first recording (an issue folded under a
     * new fingerprint counts as recorded when it was folded).
     */
    public List<Issue> issues() {
        List<Issue> issues = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            issues.add(entry.toIssue(sampleChars));
        }
        return issues;
    }

    /**
     * Shortens {@code text} to at most {@code maxChars}, cutting at a line end when one is near so a stack
     * trace loses whole frames, and says how much was left out.
     */
    static String cap(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int room = maxChars - 40; // leaves space for the note saying what was cut
        int cut = text.lastIndexOf('\n', room);
        if (cut < room / 2) {
            cut = room;
        }
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        // Lines were already cut when read (" …[+N chars]"): those N characters are left out too.
        long more = text.length() - cut;
        Matcher mark = EARLIER_CUT.matcher(text);
        mark.region(Math.max(0, cut - 32), text.length());
        while (mark.find()) {
            if (mark.start() < cut) {
                more += cut - mark.start(); // never keep half a mark
                cut = mark.start();
            }
            more += Long.parseLong(mark.group(1)) - (mark.end() - mark.start());
        }
        return text.substring(0, cut) + "\n... [" + more + " more characters]";
    }

    /** How an issue is classified and what to do about it, as its worst sighting said. */
    private record Classification(Severity severity, Category category, String ruleId, String action, FixKind fix) {
        static Classification of(Occurrence o) {
            return new Classification(o.severity(), o.category(), o.ruleId(), o.suggestedAction(), o.fix());
        }
    }

    /** The running totals of one issue. */
    private static final class Entry {
        /**
         * Estimated heap, fixed at the first occurrence: the first sample, the newest event (about as long;
         * held until the issue is read) and the entry's own fields and map slot.
         */
        private final long bytes;
        private long occurrences;
        private Instant firstSeen;
        private String firstSample;
        private Classification worst;
        /** The newest occurrence, rendered only when the issue is read: most occurrences are overtaken. */
        private Occurrence last;

        Entry(Occurrence o, int sampleChars) {
            occurrences = o.count();
            firstSeen = o.at();
            firstSample = cap(o.sampleText(), sampleChars);
            worst = Classification.of(o);
            last = o;
            bytes = 512 + 4L * firstSample.length() + 2L * o.template().length();
        }

        void add(Occurrence o, int sampleChars) {
            occurrences += o.count();
            if (o.severity().compareTo(worst.severity()) < 0) {
                worst = Classification.of(o);
            }
            if (o.at().isBefore(firstSeen)) {
                firstSeen = o.at();
                firstSample = cap(o.sampleText(), sampleChars);
            }
            if (!o.at().isBefore(last.at())) {
                last = o;
            }
        }

        /** Adds the totals of {@code other}, as if its occurrences had been recorded here. */
        Entry merge(Entry other) {
            occurrences += other.occurrences;
            if (other.worst.severity().compareTo(worst.severity()) < 0) {
                worst = other.worst;
            }
            if (other.firstSeen.isBefore(firstSeen)) {
                firstSeen = other.firstSeen;
                firstSample = other.firstSample;
            }
            if (!other.last.at().isBefore(last.at())) {
                last = other.last;
            }
            return this;
        }

        Issue toIssue(int sampleChars) {
            ContainerInfo container = last.container();
            return new Issue(last.fingerprint(), container.identity(), container.name(), container.id(),
                    container.image(), container.service(), worst.severity(), worst.category(), last.source(),
                    last.template(), firstSample, cap(last.sampleText(), sampleChars), occurrences, firstSeen,
                    last.at(), worst.ruleId(), worst.action(), worst.fix(), 0);
        }
    }
}
