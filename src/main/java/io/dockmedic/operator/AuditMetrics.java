package io.dockmedic.operator;

import io.dockmedic.core.rules.Severity;
import io.dockmedic.operator.api.IssueCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own metrics, beside JOSDK's reconciler metrics. Tags are bounded: severity, outcome,
 * and the audit's namespace and name; never a fingerprint, container or message.
 */
public final class AuditMetrics {

    public static final String OPEN_ISSUES = "dockmedic.open.issues";
    public static final String SCANS = "dockmedic.scans";
    public static final String SCAN_DURATION = "dockmedic.scan.duration";
    public static final String LINES_SCANNED = "dockmedic.lines.scanned";
    public static final String ISSUES_DETECTED = "dockmedic.issues.detected";

    private final MeterRegistry registry;
    private final Map<AuditKey, Map<Severity, AtomicInteger>> open = new ConcurrentHashMap<>();
    private final Map<AuditKey, List<Meter>> meters = new ConcurrentHashMap<>();

    /** Identifies an audit in tags. */
    public record AuditKey(String namespace, String name) {
        Tags tags() {
            return Tags.of("namespace", namespace, "audit", name);
        }
    }

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A scan finished; {@code outcome} is success or the failure's condition reason. */
    public void scanned(AuditKey audit, String outcome, Duration took, long lines) {
        Tags tags = audit.tags();
        remember(audit, Counter.builder(SCANS).description("Scans by outcome").tags(tags).tag("outcome", outcome)
                .register(registry)).increment();
        remember(audit, Timer.builder(SCAN_DURATION).description("Time a scan takes").tags(tags)
                .register(registry)).record(took);
        remember(audit, Counter.builder(LINES_SCANNED).description("Log lines read").tags(tags)
                .register(registry)).increment(lines);
    }

    /** New issues became tasks. */
    public void detected(AuditKey audit, Severity severity) {
        remember(audit, Counter.builder(ISSUES_DETECTED).description("Issues seen for the first time")
                .tags(audit.tags()).tag("severity", label(severity)).register(registry)).increment();
    }

    /** The audit's open issues now. */
    public void openIssues(AuditKey audit, IssueCounts counts) {
        Map<Severity, AtomicInteger> gauges = open.computeIfAbsent(audit, key -> {
            Map<Severity, AtomicInteger> values = new ConcurrentHashMap<>();
            for (Severity severity : Severity.values()) {
                AtomicInteger value = new AtomicInteger();
                values.put(severity, value);
                remember(key, Gauge.builder(OPEN_ISSUES, value, AtomicInteger::get)
                        .description("Open RemediationTasks (neither Resolved nor Ignored) by severity")
                        .tags(key.tags()).tag("severity", label(severity)).register(registry));
            }
            return values;
        });
        gauges.get(Severity.CRITICAL).set(counts.critical());
        gauges.get(Severity.HIGH).set(counts.high());
        gauges.get(Severity.MEDIUM).set(counts.medium());
        gauges.get(Severity.LOW).set(counts.low());
    }

    /** Removes the meters of audits that no longer exist, so deleted audits stop being reported. */
    public void retain(Set<AuditKey> existing) {
        for (AuditKey key : new ArrayList<>(meters.keySet())) {
            if (!existing.contains(key)) {
                meters.remove(key).forEach(registry::remove);
                open.remove(key);
            }
        }
    }

    private <M extends Meter> M remember(AuditKey audit, M meter) {
        List<Meter> known = meters.computeIfAbsent(audit, key -> new java.util.concurrent.CopyOnWriteArrayList<>());
        if (!known.contains(meter)) {
            known.add(meter);
        }
        return meter;
    }

    private static String label(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }
}
