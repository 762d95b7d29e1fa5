package io.dockmedic.core.scan;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.ContainerStateAnalyzer;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.StateAnalysis;
import io.dockmedic.core.container.StateFinding;
import io.dockmedic.core.issue.Fingerprint;
import io.dockmedic.core.issue.Fingerprinter;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.core.issue.IssueLedger;
import io.dockmedic.core.issue.IssueSource;
import io.dockmedic.core.issue.Occurrence;
import io.dockmedic.core.issue.Prioritizer;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.mining.MinedTemplate;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.core.rules.EventTriage;
import io.dockmedic.core.rules.Rule;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.rules.SeverityOverride;
import io.dockmedic.core.rules.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The scan pipeline: lists containers, streams each selected container's new log lines through event
 * assembly, triage, template mining and fingerprinting into an issue ledger, adds issues from container
 * state, and ranks the result.
 *
 * <p>An instance keeps its template miner between scans, so template ids (and with them fingerprints)
 * stay stable for as long as it lives; it pins the templates of issues it reported so they are never
 * evicted. Scans on one instance run one at a time.
 */
public final class Scanner {

    private final ScanPolicy policy;
    private final TemplateMiner miner;
    private final Clock clock;
    private final EventTriage triage;
    private final ContainerStateAnalyzer stateAnalyzer;
    /** Template ids pinned for reported log issues, by fingerprint, so {@link #forget} can unpin them. */
    private final Map<String, String> pinned = new HashMap<>();

    /** A scanner with a fresh template miner and the system clock. */
    public Scanner(ScanPolicy policy) {
        this(policy, new TemplateMiner(), Clock.systemUTC());
    }

    /**
     * A scanner that continues with {@code miner} (e.g. restored from a {@code MinerSnapshot} so fingerprints
     * survive a restart) and reads time from {@code clock}.
     */
    public Scanner(ScanPolicy policy, TemplateMiner miner, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.miner = Objects.requireNonNull(miner, "miner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.triage = new EventTriage(policy.catalog());
        this.stateAnalyzer = new ContainerStateAnalyzer(policy.restartLoopThreshold());
    }

    /**
     * Scans the selected containers of {@code runtime}, reading each log from where {@code request.resumeFrom()}
     * left it. A container whose log cannot be read is reported in {@link ScanReport#errors()} and the scan
     * goes on.
     *
     * @throws io.dockmedic.core.container.RuntimeUnavailableException when the containers cannot be listed
     */
    public synchronized ScanReport scan(ContainerRuntime runtime, ScanRequest request, ScanListener listener) {
        List<ContainerInfo> listed = runtime.listContainers();
        List<ContainerInfo> selected = listed.stream()
                .filter(request.selector()::matches)
                .sorted(Comparator.comparing(ContainerInfo::name).thenComparing(ContainerInfo::id))
                .toList();

        ScanRun run = new ScanRun();
        Map<String, ScanState.ContainerCheckpoint> next = new LinkedHashMap<>();
        // Containers still present but not selected keep their checkpoints; vanished ones are dropped.
        for (ContainerInfo container : listed) {
            ScanState.ContainerCheckpoint kept = request.resumeFrom().checkpoint(container.id());
            if (kept != null) {
                next.put(container.id(), kept);
            }
        }

        long totalLines = 0;
        long totalBytes = 0;
        Instant now = clock.instant();
        // Logs are read and assembled ahead, up to `ahead` containers at once, while this thread mines and
        // records each container's issues in order: the same order, so the same results, as one at a time.
        int ahead = runtime.readsInParallel()
                ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), selected.size())) : 1;
        ArrayDeque<LogPipeline> reading = new ArrayDeque<>();
        try {
            for (int i = 0; i < selected.size(); i++) {
                while (reading.size() < ahead && i + reading.size() < selected.size()) {
                    ContainerInfo upcoming = selected.get(i + reading.size());
                    reading.add(LogPipeline.start(runtime, upcoming, startOf(upcoming, request), triage,
                            listener.progressInterval()));
                }
                ContainerInfo container = selected.get(i);
                listener.containerStarted(container, i + 1, selected.size());
                ScanState.ContainerCheckpoint previous = request.resumeFrom().checkpoint(container.id());
                LogPipeline.End end = record(container, reading.peek(), run, listener);
                reading.poll();
                String failure = null;
                if (end.failure() != null) {
                    failure = "logs could not be read: " + oneLine(end.failure());
                    run.errors.add(new ScanError(container.id(), container.name(), failure));
                }
                totalLines += end.lines();
                totalBytes += end.bytes();

                StateAnalysis state = stateAnalyzer.analyze(container, previous == null ? null : previous.marks(),
                        request.since(), now);
                for (StateFinding finding : state.findings()) {
                    recordState(container, finding, run);
                }
                LogSource source = runtime.logSource(container);
                next.put(container.id(), new ScanState.ContainerCheckpoint(container.identity(), end.cursor(),
                        state.marks(), source != null ? source : previous != null ? previous.logSource() : null));
                listener.containerDone(container, end.lines(), failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the scan was interrupted");
        } finally {
            reading.forEach(LogPipeline::abandon);
        }
        Truncation truncation = null;
        if (run.ledger.dropped() > 0) {
            String reason = "the issue ledger is full: it holds " + run.ledger.size() + " distinct issues, the most"
                    + " this heap allows (at most " + IssueLedger.DEFAULT_MAX_ISSUES + ")";
            truncation = new Truncation(reason, run.ledger.size(), run.ledger.droppedIssues(), run.ledger.dropped());
            String issues = (run.ledger.droppedIssues() >= IssueLedger.DROPPED_TRACKED ? "at least " : "")
                    + run.ledger.droppedIssues();
            run.errors.add(new ScanError(null, null, run.ledger.dropped() + " occurrences of " + issues
                    + " new issues were not recorded: " + reason));
        }

        foldMergedTemplates(run);

        List<Issue> reported = run.ledger.issues().stream()
                .filter(issue -> issue.severity().atLeast(policy.minSeverity()))
                .toList();
        Set<String> containersWithIssues = new HashSet<>();
        for (Issue issue : reported) {
            containersWithIssues.addAll(run.containersByIssue.get(issue.fingerprint()));
            LogTemplate logged = run.templateByIssue.get(issue.fingerprint());
            if (logged != null && pinned.putIfAbsent(issue.fingerprint(), logged.templateId()) == null) {
                miner.pin(logged.templateId());
            }
        }
        return new ScanReport(clock.instant(), Prioritizer.rank(reported), selected.size(),
                containersWithIssues.size(), totalLines, run.ongoing, run.errors, new ScanState(next), truncation,
                totalBytes);
    }

    /**
     * Releases what this scanner keeps for an issue that is closed for good, so its template may be evicted
     * from the miner again.
     */
    public synchronized void forget(String fingerprint) {
        String templateId = pinned.remove(fingerprint);
        if (templateId != null && !pinned.containsValue(templateId)) {
            miner.unpin(templateId);
        }
    }

    /**
     * Templates may merge while a scan runs (SPEC/template-mining.md, "Families"), leaving occurrences of one
     * problem under an absorbed template's id and under the survivor's. Each log issue moves to the surviving
     * template's fingerprint and newest form, so one problem is one issue, with the fingerprint later scans
     * give it.
     */
    private void foldMergedTemplates(ScanRun run) {
        Map<String, LogTemplate> folded = new LinkedHashMap<>();
        run.templateByIssue.forEach((fingerprint, logged) -> {
            String survivor = miner.resolve(logged.templateId());
            // the survivor's form now; when it was evicted meanwhile, the form the issue last showed
            String template = miner.template(survivor);
            if (template == null) {
                template = run.ledger.template(fingerprint);
            }
            Fingerprint into = Fingerprinter.ofTemplate(logged.identity(), survivor, template);
            run.ledger.fold(fingerprint, into);
            folded.put(into.id(), new LogTemplate(logged.identity(), survivor));
            if (!into.id().equals(fingerprint)) {
                run.containersByIssue.computeIfAbsent(into.id(), k -> new HashSet<>())
                        .addAll(run.containersByIssue.remove(fingerprint));
            }
        });
        run.templateByIssue.clear();
        run.templateByIssue.putAll(folded);
    }

    private void recordState(ContainerInfo container, StateFinding finding, ScanRun run) {
        Fingerprint fingerprint = Fingerprinter.ofCondition(container.identity(), finding.condition(), finding.template());
        Optional<Severity> severity = SeverityOverride.apply(policy.overrides(), finding.condition(),
                finding.category(), finding.template(), finding.severity());
        if (severity.isEmpty() || !severity.get().atLeast(policy.minSeverity())) {
            return;
        }
        if (finding.ongoing()) {
            if (!run.ongoing.contains(fingerprint.id())) {
                run.ongoing.add(fingerprint.id());
            }
            return;
        }
        run.record(new Occurrence(fingerprint.id(), container, severity.get(), finding.category(),
                IssueSource.STATE, fingerprint.template(), finding.condition(), finding.suggestedAction(),
                finding.fix(), finding.at(), finding.newOccurrences(), null, finding.detail()));
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    /** What one scan collects over all its containers. */
    private static final class ScanRun {
        private final IssueLedger ledger = new IssueLedger();
        /** Container ids per fingerprint, for {@link ScanReport#containersWithIssues()}. */
        private final Map<String, Set<String>> containersByIssue = new HashMap<>();
        /** The miner's template per fingerprint of a log issue, pinned once the issue is reported. */
        private final Map<String, LogTemplate> templateByIssue = new LinkedHashMap<>();
        private final List<String> ongoing = new ArrayList<>();
        private final List<ScanError> errors = new ArrayList<>();

        /** Records an occurrence; false when the ledger is full and dropped it. */
        boolean record(Occurrence occurrence) {
            if (!ledger.record(occurrence)) {
                return false;
            }
            containersByIssue.computeIfAbsent(occurrence.fingerprint(), k -> new HashSet<>())
                    .add(occurrence.container().id());
            return true;
        }
    }

    /** The container identity and miner template id a log issue's fingerprint was computed from. */
    private record LogTemplate(String identity, String templateId) {
    }

    private static LogCursor startOf(ContainerInfo container, ScanRequest request) {
        ScanState.ContainerCheckpoint previous = request.resumeFrom().checkpoint(container.id());
        return previous != null ? previous.cursor() : LogCursor.startingAt(request.since());
    }

    /**
     * Mines and records the issue events of one container's pipeline, in order, until its end. When that fails
     * (a bug, not a bad log), the read is stopped and the failure is the container's, as a failed read is.
     */
    private LogPipeline.End record(ContainerInfo container, LogPipeline pipeline, ScanRun run, ScanListener listener)
            throws InterruptedException {
        ContainerIssues issues = new ContainerIssues(container, run);
        RuntimeException failure = null;
        while (true) {
            Object item = pipeline.take();
            if (item instanceof LogPipeline.Judged judged) {
                if (failure == null) {
                    try {
                        issues.record(judged.event(), judged.verdict());
                    } catch (RuntimeException e) {
                        failure = e;
                        pipeline.cancel();
                    }
                }
            } else if (item instanceof LogPipeline.Progress progress) {
                listener.linesRead(container, progress.lines());
            } else {
                LogPipeline.End end = (LogPipeline.End) item;
                return failure == null ? end : new LogPipeline.End(end.cursor(), failure, end.lines(), end.bytes());
            }
        }
    }

    /** One container's issue events during one scan: templates, fingerprints, occurrences. */
    private final class ContainerIssues {
        private final ContainerInfo container;
        private final ScanRun run;
        /** Fingerprint ids by template id: the hash is computed once per template, not per line. */
        private static final int FINGERPRINT_CACHE = 4096;
        private final Map<String, String> fingerprintByTemplate = new HashMap<>();

        ContainerIssues(ContainerInfo container, ScanRun run) {
            this.container = container;
            this.run = run;
        }

        void record(LogEvent event, Verdict verdict) {
            Rule rule = verdict.rule();
            String templateId = null;
            Fingerprint fingerprint;
            if (event.stackTrace() != null) {
                fingerprint = Fingerprinter.ofStackTrace(container.identity(), event.stackTrace());
            } else {
                MinedTemplate mined = miner.mine(event.message());
                templateId = mined.id();
                if (fingerprintByTemplate.size() >= FINGERPRINT_CACHE) {
                    fingerprintByTemplate.clear(); // a cache: distinct messages must not grow it without end
                }
                String id = fingerprintByTemplate.computeIfAbsent(templateId,
                        t -> Fingerprinter.ofTemplate(container.identity(), t, mined.template()).id());
                fingerprint = new Fingerprint(id, mined.template());
            }
            Optional<Severity> severity = SeverityOverride.apply(policy.overrides(), rule.id(), rule.category(),
                    fingerprint.template(), verdict.severity());
            if (severity.isEmpty()) {
                return;
            }
            boolean recorded = run.record(new Occurrence(fingerprint.id(), container, severity.get(),
                    rule.category(), IssueSource.LOG, fingerprint.template(), rule.id(), rule.suggestedAction(),
                    rule.fix(), event.timestamp(), 1, event, null));
            if (recorded && templateId != null) {
                run.templateByIssue.putIfAbsent(fingerprint.id(), new LogTemplate(container.identity(), templateId));
            }
        }
    }
}
