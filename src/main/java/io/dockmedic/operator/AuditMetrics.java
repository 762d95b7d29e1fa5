package io.dockmedic.operator;

import io.dockmedic.core.rules.Category;
import io.dockmedic.core.rules.Severity;
import io.dockmedic.core.fix.FixRunner;
import io.dockmedic.core.scan.Truncation;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.FixResult;
import io.dockmedic.core.task.FixType;
import io.dockmedic.core.task.HistoryEntry;
import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.TaskPhase;
import io.dockmedic.core.task.TaskWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's own metrics, beside JOSDK's reconciler metrics; every name is defined here once and
 * SPEC/metrics.md describes each. Tags are bounded: the audit's namespace and name, severity, phase,
 * category, reason, action, result; never a fingerprint, container or message. The counters an alert
 * reads with {@code increase()} are registered at zero when an audit is first seen, so that their first
 * increment is visible to Prometheus.
 */
public final class AuditMetrics {

    // Micrometer names; the Prometheus registry adds the _total and _seconds suffixes.
    public static final String OPEN_ISSUES = "dockmedic.open.issues";
    public static final String OLDEST_CRITICAL_AGE = "dockmedic.oldest.open.critical.issue.age";
    public static final String ISSUES_DETECTED = "dockmedic.issues.detected";
    public static final String REGRESSIONS = "dockmedic.issue.regressions";
    public static final String OCCURRENCES = "dockmedic.issue.occurrences";
    public static final String SCANS = "dockmedic.scans";
    public static final String SCAN_FAILURES = "dockmedic.scan.failures";
    public static final String SCAN_DURATION = "dockmedic.scan.duration";
    public static final String LINES_SCANNED = "dockmedic.lines.scanned";
    public static final String BYTES_SCANNED = "dockmedic.log.scanned";
    public static final String SCANS_TRUNCATED = "dockmedic.scans.truncated";
    public static final String OCCURRENCES_DROPPED = "dockmedic.occurrences.dropped";
    public static final String ENGINE_REACHABLE = "dockmedic.docker.engine.reachable";
    public static final String CLAIMS = "dockmedic.claims";
    public static final String CLAIM_EXPIRIES = "dockmedic.claim.expiries";
    public static final String AGENT_RESOLUTIONS = "dockmedic.agent.resolutions";
    public static final String REMEDIATION_ATTEMPTS = "dockmedic.remediation.attempts";
    public static final String BUDGET_EXHAUSTED = "dockmedic.remediation.budget.exhausted";
    public static final String LEADER = "dockmedic.operator.leader";

    /** Why a scan failed: the Ready condition's reasons. */
    public static final String ENGINE_UNREACHABLE = "EngineUnreachable";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String SCAN_FAILED = "ScanFailed";
    static final List<String> FAILURE_REASONS = List.of(ENGINE_UNREACHABLE, INVALID_SPEC, SCAN_FAILED);

    /** Scan durations from a quick scan of a few containers to a slow engine; the last bucket is +Inf. */
    static final Duration[] SCAN_BUCKETS = Arrays.stream(new double[] {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
            120}).mapToObj(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);
    /** The automatic fixes; handing a task to an agent is not one. */
    static final List<FixType> REMEDIATION_ACTIONS = List.of(FixType.RESTART, FixType.EXEC);
    /** How an attempt can end; Started is not an end. */
    static final List<FixResult> REMEDIATION_RESULTS = List.of(FixResult.Succeeded, FixResult.Failed,
            FixResult.DryRun, FixResult.Interrupted);
    /** The phases counted as open: every phase except Resolved and Ignored. */
    static final List<TaskPhase> OPEN_PHASES = Arrays.stream(TaskPhase.values()).filter(TaskPhase::isOpen).toList();

    private final MeterRegistry registry;
    private final Clock clock;
    /** Claims seen by this process were made before it started, unless they appear later. */
    private final Instant started;
    private final Map<AuditKey, Audit> audits = new ConcurrentHashMap<>();

    /** Identifies an audit in tags. */
    public record AuditKey(String namespace, String name) {
        Tags tags() {
            return Tags.of("namespace", namespace, "audit", name);
        }
    }

    public AuditMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Gives JOSDK's meters, which come without one, a help text naming their origin, so that the whole
     * scrape passes {@code promtool check metrics}. Call before the operator registers them.
     */
    public static void describeJosdkMeters(MeterRegistry registry) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getDescription() != null || !id.getName().startsWith("operator.sdk")) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
                        "Java Operator SDK reconciler metric (see the JOSDK documentation)", id.getType());
            }
        });
    }

    /** A scan completed, reading {@code lines} log lines of {@code bytes} bytes; the engine answered. */
    public void scanned(AuditKey key, Duration took, long lines, long bytes) {
        Audit audit = audit(key);
        audit.scans.increment();
        audit.duration.record(took);
        audit.lines.increment(lines);
        audit.bytes.increment(bytes);
        audit.reachable.set(1);
    }

    /** A completed scan hit a memory cap and left {@code truncation} out (SPEC/limits.md). */
    public void truncated(AuditKey key, Truncation truncation) {
        Audit audit = audit(key);
        audit.truncatedScans.increment();
        audit.droppedOccurrences.increment(truncation.occurrencesDropped());
    }

    /** A scan failed for {@code reason} (one of the Ready condition's reasons). */
    public void scanFailed(AuditKey key, String reason) {
        Audit audit = audit(key);
        audit.scans.increment();
        Counter failures = audit.failures.get(reason);
        if (failures == null) {
            throw new IllegalArgumentException("unknown scan failure reason " + reason + "; known: " + FAILURE_REASONS);
        }
        failures.increment();
        if (ENGINE_UNREACHABLE.equals(reason)) {
            audit.reachable.set(0);
        }
    }

    /**
     * Everything the tasks of one reconcile tell, from the work written for every task of the audit:
     * the open issues, the oldest open critical one, detections, regressions, occurrences, claims,
     * expired claims, agents' fixes, and the automatic fixes that ended within the reconcile (dry runs,
     * attempts found interrupted) or were held back by the budget.
     */
    public void tasks(AuditKey key, List<TaskWork> written) {
        Audit audit = audit(key);
        Map<Severity, Map<TaskPhase, Integer>> open = new EnumMap<>(Severity.class);
        Instant oldestCritical = null;
        Map<String, Claim> claims = new HashMap<>();
        for (TaskWork work : written) {
            RemediationTaskStatus before = work.decision().before();
            RemediationTaskStatus after = work.resultingStatus();
            if (after.phase() == null) {
                continue; // created, never counted (a crash before its first status write): nothing to report
            }
            Severity severity = after.severity();
            Category category = work.taskSpec().issueType().category();
            if (after.phase().isOpen()) {
                open.computeIfAbsent(severity, s -> new EnumMap<>(TaskPhase.class)).merge(after.phase(), 1, Integer::sum);
                Instant since = openSince(after);
                if (severity == Severity.CRITICAL && (oldestCritical == null || since.isBefore(oldestCritical))) {
                    oldestCritical = since;
                }
            }
            for (Notice notice : work.decision().notices()) {
                switch (notice.kind()) {
                    case DETECTED -> audit.detected.get(severity).get(category).increment();
                    case REGRESSED -> audit.regressions.get(severity).get(category).increment();
                    case CLAIM_EXPIRED -> audit.claimExpiries.increment();
                    // A dry run and an interrupted attempt end in the reconcile itself; real runs end in fixesDone.
                    case FIX_DRY_RUN -> lastAction(after).ifPresent(a -> remediationAttempt(key, a, FixResult.DryRun));
                    case FIX_INTERRUPTED -> lastAction(after)
                            .ifPresent(a -> remediationAttempt(key, a, FixResult.Interrupted));
                    case BUDGET_EXHAUSTED -> budgetExhausted(key);
                    default -> { }
                }
            }
            long added = count(after.occurrences()) - (before == null ? 0 : count(before.occurrences()));
            if (added > 0) {
                audit.occurrences.get(severity).increment(added);
            }
            if (before != null && before.phase() == TaskPhase.Fixed && after.phase() != TaskPhase.Fixed) {
                audit.agentResolutions.increment();
            }
            Claim claim = after.claim();
            claims.put(work.name(), claim);
            boolean known = audit.claims.containsKey(work.name());
            if (claim != null && !sameClaim(claim, audit.claims.get(work.name())) && (known || madeSinceStart(claim))) {
                audit.claimsMade.increment();
            }
        }
        audit.claims = claims;
        for (Severity severity : Severity.values()) {
            for (TaskPhase phase : OPEN_PHASES) {
                audit.open.get(severity).get(phase).set(open.getOrDefault(severity, Map.of()).getOrDefault(phase, 0));
            }
        }
        audit.oldestCritical.set(oldestCritical);
    }

    /** The automatic fixes a reconcile carried out, each counted by how it ended. */
    public void fixesDone(AuditKey key, List<FixRunner.Done> done) {
        for (FixRunner.Done fix : done) {
            remediationAttempt(key, FixType.valueOf(fix.order().action().kind().name()),
                    fix.outcome().succeeded() ? FixResult.Succeeded : FixResult.Failed);
        }
    }

    /** An automatic fix of one of the audit's issues ended with {@code result} (call once per attempt, at its end). */
    void remediationAttempt(AuditKey key, FixType action, FixResult result) {
        if (!REMEDIATION_ACTIONS.contains(action)) {
            throw new IllegalArgumentException(action + " is not an automatic fix; known: " + REMEDIATION_ACTIONS);
        }
        if (!REMEDIATION_RESULTS.contains(result)) {
            throw new IllegalArgumentException(result + " is not how an attempt ends; known: " + REMEDIATION_RESULTS);
        }
        audit(key).remediations.get(action).get(result).increment();
    }

    /** An automatic fix was due but the audit's remediation budget was used up, so the task was handed over. */
    void budgetExhausted(AuditKey key) {
        audit(key).budgetExhausted.increment();
    }

    /** Removes the meters of audits that no longer exist, so deleted audits stop being reported. */
    public void retain(Set<AuditKey> existing) {
        for (AuditKey key : new ArrayList<>(audits.keySet())) {
            if (!existing.contains(key)) {
                audits.remove(key).meters.forEach(registry::remove);
            }
        }
    }

    private Audit audit(AuditKey key) {
        return audits.computeIfAbsent(key, Audit::new);
    }

    /** The action of the task's latest fix attempt, if it has one. */
    private static Optional<FixType> lastAction(RemediationTaskStatus status) {
        List<FixAttempt> attempts = status.attempts() == null ? List.of() : status.attempts();
        return attempts.isEmpty() ? Optional.empty() : Optional.of(FixType.valueOf(
                attempts.get(attempts.size() - 1).action().toUpperCase(Locale.ROOT)));
    }

    /** Whether two claims are one: a renewal moves expiresAt and may change the note, not who or since when. */
    private static boolean sameClaim(Claim claim, Claim before) {
        return before != null && claim.agent().equals(before.agent())
                && Objects.equals(claim.claimedAt(), before.claimedAt());
    }

    private boolean madeSinceStart(Claim claim) {
        try {
            return claim.claimedAt() != null && !Instant.parse(claim.claimedAt()).isBefore(started);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * When the task last became open: its latest detection or regression in the history, else its first
     * occurrence (the history is capped but always keeps the detection).
     */
    private static Instant openSince(RemediationTaskStatus status) {
        List<HistoryEntry> history = status.history() == null ? List.of() : status.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            String reason = history.get(i).reason();
            if (Notice.Kind.DETECTED.reason().equals(reason) || Notice.Kind.REGRESSED.reason().equals(reason)) {
                return Instant.parse(history.get(i).time());
            }
        }
        return status.firstSeen() == null ? Instant.EPOCH : Instant.parse(status.firstSeen());
    }

    private static long count(Long value) {
        return value == null ? 0 : value;
    }

    static String tag(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    /** The meters of one audit, all registered when the audit is first seen. */
    private final class Audit {
        final List<Meter> meters = new ArrayList<>();
        final Counter scans;
        final Map<String, Counter> failures = new HashMap<>();
        final Timer duration;
        final Counter lines;
        final Counter bytes;
        final Counter truncatedScans;
        final Counter droppedOccurrences;
        final AtomicInteger reachable = new AtomicInteger(1);
        final Map<Severity, Map<TaskPhase, AtomicInteger>> open = new EnumMap<>(Severity.class);
        final AtomicReference<Instant> oldestCritical = new AtomicReference<>();
        final Map<Severity, Map<Category, Counter>> detected = new EnumMap<>(Severity.class);
        final Map<Severity, Map<Category, Counter>> regressions = new EnumMap<>(Severity.class);
        final Map<Severity, Counter> occurrences = new EnumMap<>(Severity.class);
        final Counter claimsMade;
        final Counter claimExpiries;
        final Counter agentResolutions;
        final Map<FixType, Map<FixResult, Counter>> remediations = new EnumMap<>(FixType.class);
        final Counter budgetExhausted;
        /** The claim each task carried at the last reconcile; replaced whole each time. */
        volatile Map<String, Claim> claims = Map.of();

        Audit(AuditKey key) {
            Tags tags = key.tags();
            scans = keep(Counter.builder(SCANS).description("Scans attempted, failed or not").tags(tags)
                    .register(registry));
            for (String reason : FAILURE_REASONS) {
                failures.put(reason, keep(Counter.builder(SCAN_FAILURES).description("Scans that failed, by reason")
                        .tags(tags).tag("reason", reason).register(registry)));
            }
            duration = keep(Timer.builder(SCAN_DURATION).description("Time a completed scan took").tags(tags)
                    .serviceLevelObjectives(SCAN_BUCKETS).register(registry));
            lines = keep(Counter.builder(LINES_SCANNED).description("Log lines read").tags(tags).register(registry));
            bytes = keep(Counter.builder(BYTES_SCANNED).baseUnit("bytes")
                    .description("Bytes of log text read (UTF-8, without line ends)").tags(tags).register(registry));
            truncatedScans = keep(Counter.builder(SCANS_TRUNCATED)
                    .description("Completed scans that a memory cap cut short (status.truncated)").tags(tags)
                    .register(registry));
            droppedOccurrences = keep(Counter.builder(OCCURRENCES_DROPPED)
                    .description("Occurrences of new issues a capped scan could not record").tags(tags)
                    .register(registry));
            keep(Gauge.builder(ENGINE_REACHABLE, reachable, AtomicInteger::get)
                    .description("1 when the audit's Docker engine answered at the last scan, else 0").tags(tags)
                    .register(registry));
            keep(Gauge.builder(OLDEST_CRITICAL_AGE, oldestCritical, this::ageSeconds).baseUnit("seconds")
                    .description("Seconds since the oldest open CRITICAL issue became open; 0 when none is open")
                    .tags(tags).register(registry));
            for (Severity severity : Severity.values()) {
                Tags bySeverity = tags.and("severity", tag(severity));
                Map<TaskPhase, AtomicInteger> byPhase = new EnumMap<>(TaskPhase.class);
                for (TaskPhase phase : OPEN_PHASES) {
                    AtomicInteger value = new AtomicInteger();
                    byPhase.put(phase, value);
                    keep(Gauge.builder(OPEN_ISSUES, value, AtomicInteger::get)
                            .description("Open RemediationTasks (neither Resolved nor Ignored) by severity and phase")
                            .tags(bySeverity).tag("phase", phase.name()).register(registry));
                }
                open.put(severity, byPhase);
                Map<Category, Counter> found = new EnumMap<>(Category.class);
                Map<Category, Counter> regressed = new EnumMap<>(Category.class);
                for (Category category : Category.values()) {
                    Tags both = bySeverity.and("category", category.id());
                    found.put(category, keep(Counter.builder(ISSUES_DETECTED)
                            .description("Issues seen for the first time").tags(both).register(registry)));
                    regressed.put(category, keep(Counter.builder(REGRESSIONS)
                            .description("Issues that happened again after being fixed or resolved").tags(both)
                            .register(registry)));
                }
                detected.put(severity, found);
                regressions.put(severity, regressed);
                occurrences.put(severity, keep(Counter.builder(OCCURRENCES)
                        .description("Occurrences counted into the audit's issues").tags(bySeverity)
                        .register(registry)));
            }
            claimsMade = keep(Counter.builder(CLAIMS).description("Claims by agents seen on the audit's tasks")
                    .tags(tags).register(registry));
            claimExpiries = keep(Counter.builder(CLAIM_EXPIRIES)
                    .description("Claims that lapsed unrenewed (ClaimExpired): the task went back to Open")
                    .tags(tags).register(registry));
            agentResolutions = keep(Counter.builder(AGENT_RESOLUTIONS)
                    .description("Tasks an agent or person marked Fixed, as seen by the operator").tags(tags)
                    .register(registry));
            for (FixType action : REMEDIATION_ACTIONS) {
                Map<FixResult, Counter> byResult = new EnumMap<>(FixResult.class);
                for (FixResult result : REMEDIATION_RESULTS) {
                    byResult.put(result, keep(Counter.builder(REMEDIATION_ATTEMPTS)
                            .description("Automatic fixes tried, by action and how they ended").tags(tags)
                            .tag("action", action.kind().id()).tag("result", result.name()).register(registry)));
                }
                remediations.put(action, byResult);
            }
            budgetExhausted = keep(Counter.builder(BUDGET_EXHAUSTED)
                    .description("Automatic fixes not tried because the remediation budget was used up").tags(tags)
                    .register(registry));
        }

        private double ageSeconds(AtomicReference<Instant> since) {
            Instant value = since.get();
            return value == null ? 0 : Math.max(0, Duration.between(value, clock.instant()).toMillis() / 1000.0);
        }

        private <M extends Meter> M keep(M meter) {
            meters.add(meter);
            return meter;
        }
    }
}
