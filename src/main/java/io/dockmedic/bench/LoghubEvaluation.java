package io.dockmedic.bench;

import io.dockmedic.core.mining.GroupingAccuracy;
import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.Overgeneralization;
import io.dockmedic.core.mining.TemplateMiner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mines each Loghub system with a fresh default miner and scores the grouping against the labels.
 *
 * @param rows one per system, in the order given
 */
public record LoghubEvaluation(List<Row> rows) {

    /** Generic-configuration GA of a Java port of Drain on the same files, for comparison. */
    private static final Map<String, Double> DRAIN_GA = Map.of(
            "HDFS", 0.998, "Hadoop", 0.955, "Spark", 0.997, "Zookeeper", 0.967,
            "Apache", 1.000, "OpenSSH", 0.718, "HealthApp", 0.656, "Linux", 0.684);

    /**
     * The score of one system.
     *
     * @param system the system's name
     * @param set the set the system belongs to ("in-sample", "dev")
     * @param lines lines mined
     * @param accuracy GA and FGA of the miner's grouping at the end of the stream, absorbed templates
     *     counted with the template that absorbed them
     * @param online GA and FGA of the ids exactly as {@code mine} returned them, line by line
     * @param suspects the label-free self-check: final templates whose {@code <*>} took many word shapes
     */
    public record Row(String system, String set, int lines, GroupingAccuracy accuracy, GroupingAccuracy online,
            List<Overgeneralization.Finding> suspects) {

        public Row {
            suspects = List.copyOf(suspects);
        }
    }

    public LoghubEvaluation {
        rows = List.copyOf(rows);
    }

    /** Mines every system's Content column in line order, as a stream, and scores it. */
    public static LoghubEvaluation run(List<LoghubSystem> systems) {
        List<Row> rows = new ArrayList<>();
        for (LoghubSystem system : systems) {
            TemplateMiner miner = new TemplateMiner();
            List<String> predicted = new ArrayList<>(system.contents().size());
            for (String content : system.contents()) {
                predicted.add(miner.mine(content).id());
            }
            GroupingAccuracy online = GroupingAccuracy.of(system.eventIds(), predicted);
            // templates absorbed later in the stream group with the template that absorbed them
            predicted.replaceAll(miner::resolve);
            Map<String, String> finalTemplates = new HashMap<>();
            for (MinerSnapshot.Template t : miner.snapshot().templates()) {
                finalTemplates.put(t.id(), t.template());
            }
            Overgeneralization check = new Overgeneralization(Overgeneralization.DEFAULT_MIN_SHAPES);
            for (int i = 0; i < predicted.size(); i++) {
                String template = finalTemplates.get(predicted.get(i));
                if (template != null) {
                    check.add(system.contents().get(i), predicted.get(i), template);
                }
            }
            rows.add(new Row(system.name(), system.set(), system.contents().size(),
                    GroupingAccuracy.of(system.eventIds(), predicted), online, check.findings()));
        }
        return new LoghubEvaluation(rows);
    }

    /** Mean GA over the systems. */
    public double meanGa() {
        return rows.stream().mapToDouble(r -> r.accuracy().ga()).average().orElse(0);
    }

    /** Mean FGA over the systems. */
    public double meanFga() {
        return rows.stream().mapToDouble(r -> r.accuracy().fga()).average().orElse(0);
    }

    /** The rows of one set, in order. */
    public LoghubEvaluation of(String set) {
        return new LoghubEvaluation(rows.stream().filter(r -> r.set().equals(set)).toList());
    }

    /** The per-system table with Drain's generic GA beside ours, and the means of each set. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-9s %-10s %6s %7s %7s %9s %9s %9s %9s %9s%n", "set",
                "system", "lines", "GA", "FGA", "templates", "true", "onlineGA", "onlineFGA", "DrainGA"));
        List<String> sets = rows.stream().map(Row::set).distinct().toList();
        for (String set : sets) {
            LoghubEvaluation part = of(set);
            double drainSum = 0;
            int drainCount = 0;
            for (Row r : part.rows) {
                Double drain = DRAIN_GA.get(r.system());
                if (drain != null) {
                    drainSum += drain;
                    drainCount++;
                }
                out.append(String.format(Locale.ROOT, "%-9s %-10s %6d %7.3f %7.3f %9d %9d %9.3f %9.3f %9s%n",
                        set, r.system(), r.lines(), r.accuracy().ga(), r.accuracy().fga(),
                        r.accuracy().predictedGroups(), r.accuracy().trueGroups(), r.online().ga(), r.online().fga(),
                        drain == null ? "-" : String.format(Locale.ROOT, "%.3f", drain)));
            }
            double onlineGa = part.rows.stream().mapToDouble(r -> r.online().ga()).average().orElse(0);
            double onlineFga = part.rows.stream().mapToDouble(r -> r.online().fga()).average().orElse(0);
            out.append(String.format(Locale.ROOT, "%-9s %-10s %6s %7.3f %7.3f %9s %9s %9.3f %9.3f %9s%n", set,
                    "mean", "", part.meanGa(), part.meanFga(), "", "", onlineGa, onlineFga,
                    drainCount == 0 ? "-" : String.format(Locale.ROOT, "%.3f", drainSum / drainCount)));
        }
        return out.toString();
    }

    /**
     * The label-free self-check, per system: each template whose {@code <*>} took at least
     * {@link Overgeneralization#DEFAULT_MIN_SHAPES} differently shaped tokens, with examples.
     */
    public String selfCheck() {
        StringBuilder out = new StringBuilder();
        long total = rows.stream().mapToLong(r -> r.suspects().size()).sum();
        out.append(String.format(Locale.ROOT, "self-check (no labels): %d template position(s) whose <*> took >= %d "
                + "word shapes%n", total, Overgeneralization.DEFAULT_MIN_SHAPES));
        for (Row r : rows) {
            for (Overgeneralization.Finding f : r.suspects()) {
                out.append(String.format(Locale.ROOT, "  %-10s %2d shapes at token %d of \"%s\", e.g. %s%n", r.system(),
                        f.shapes(), f.position() + 1, f.template(), String.join(" | ", f.examples())));
            }
        }
        return out.toString();
    }
}
