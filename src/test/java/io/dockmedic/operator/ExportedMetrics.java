package io.dockmedic.operator;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the operator's own meters look like on /metrics, without an operator: for the rules and dashboard tests. */
final class ExportedMetrics {

    private static final Pattern METRIC = Pattern.compile("\\bdockmedic_[a-z_]+\\b");

    private ExportedMetrics() {
    }

    /** A scrape holding every dockmedic meter: one audit that scanned once, and the leader gauge. */
    static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new OperatorHealth(() -> { }, Clock.systemUTC(), false, registry).started();
        new AuditMetrics(registry, Clock.systemUTC()).scanned(new AuditMetrics.AuditKey("prod", "shop"),
                Duration.ofMillis(20), 3, 240);
        return registry.scrape();
    }

    /** The names of the series in {@link #scrape()}, e.g. {@code dockmedic_scan_duration_seconds_bucket}. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        scrape().lines().filter(line -> !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** The dockmedic metric names a PromQL expression reads. */
    static Set<String> readBy(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
